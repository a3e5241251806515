# Vkhod in a container: `docker build -t vkhod .`, then run it with DATABASE_URL,
# AUTH_SECRET and AUTH_URL (compose.yaml does it with PostgreSQL). Multi-stage: the
# toolchain that builds better-sqlite3 stays in the build stages; the app runs as the
# unprivileged `node` user with `npm start`.
# (Not built on our own machines, which have no Docker engine: see README.)

FROM node:20-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
# What `npm install`'s postinstall (npm run db:generate) needs: both Prisma schemas.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts ./scripts
COPY lib/database-url.ts ./lib/database-url.ts
RUN npm install --no-audit --no-fund

FROM deps AS build
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
# The build checks the environment; the real secret comes at run time.
RUN AUTH_SECRET=docker-build-only-placeholder-secret-0000 npm run build

FROM node:20-bookworm-slim AS run
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1 PORT=3000
# node_modules keeps the Prisma CLI, for `npm run db:migrate` from this same image.
COPY --from=build --chown=node:node /app ./
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:3000/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["npm", "start"]
