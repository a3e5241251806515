import createNextIntlPlugin from "next-intl/plugin";

// Messages are compiled at build time (ICU syntax to a small tree), so a page does not
// parse each message it shows on every request (about 30 µs each).
const withNextIntl = createNextIntlPlugin({
  requestConfig: "./lib/i18n/request.ts",
  experimental: { messages: { path: "./messages", format: "json", locales: "infer", precompile: true } },
});

/** @type {import('next').NextConfig} */
const nextConfig = {
  // `npm test` builds into its own folder so it never disturbs a running `npm run dev`.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // Tests and `npm run dev` reach the app as 127.0.0.1 as well as localhost.
  allowedDevOrigins: ["127.0.0.1"],
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "pg", "@prisma/adapter-pg", ".prisma/client-postgresql"],
  // Pages get their whole browser policy (CSP with a nonce, frame-ancestors, HSTS…)
  // from proxy.ts; these two also cover what it skips, Next's static files.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
