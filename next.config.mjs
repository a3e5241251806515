import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  // `npm test` builds into its own folder so it never disturbs a running `npm run dev`.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // Tests and `npm run dev` reach the app as 127.0.0.1 as well as localhost.
  allowedDevOrigins: ["127.0.0.1"],
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3"],
  async headers() {
    const common = [
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    ];
    return [
      // No page may be framed, except the Mini App by Telegram's web clients.
      { source: "/((?!telegram/app).*)", headers: [...common, { key: "X-Frame-Options", value: "DENY" }] },
      {
        source: "/telegram/app",
        headers: [...common, { key: "Content-Security-Policy", value: "frame-ancestors 'self' https://web.telegram.org https://*.telegram.org" }],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
