import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env-schema";
import { contentSecurityPolicy, createNonce, isHttpsRequest, securityHeaders, type PolicyInput } from "./headers";

const SECRET = "s".repeat(44);
const EMULATOR = "http://127.0.0.1:3901";

/** The environment of production (the defaults) or of the tests (every provider on the emulator). */
const production = parseEnv({ AUTH_SECRET: SECRET });
const emulated = parseEnv({
  AUTH_SECRET: SECRET,
  AUTH_GOOGLE_ISSUER: `${EMULATOR}/google`,
  AUTH_VKID_URL: `${EMULATOR}/vkid`,
  AUTH_VK_OAUTH_URL: `${EMULATOR}/vk`,
  AUTH_VK_API_URL: `${EMULATOR}/vk`,
  AUTH_YANDEX_OAUTH_URL: `${EMULATOR}/yandex`,
  AUTH_YANDEX_LOGIN_URL: `${EMULATOR}/yandex`,
  AUTH_YANDEX_AVATAR_URL: `${EMULATOR}/yandex/avatars`,
  AUTH_OK_CONNECT_URL: `${EMULATOR}/ok`,
  AUTH_OK_API_URL: `${EMULATOR}/ok`,
  AUTH_TELEGRAM_OIDC_ISSUER: `${EMULATOR}/telegram`,
  AUTH_TELEGRAM_BOT_API_URL: `${EMULATOR}/telegram`,
  AUTH_TELEGRAM_LINK_URL: `${EMULATOR}/telegram/t.me`,
  AUTH_TELEGRAM_WIDGET_SCRIPT_URL: `${EMULATOR}/telegram/js/telegram-widget.js?22`,
  AUTH_TELEGRAM_WEBAPP_SCRIPT_URL: `${EMULATOR}/telegram/js/telegram-web-app.js`,
});

const page = (overrides: Partial<PolicyInput> = {}): PolicyInput => ({
  env: production,
  nonce: "bm9uY2U=",
  path: "/login",
  isHttps: false,
  isDev: false,
  ...overrides,
});

/** The CSP's directives, by name. */
function directives(policy: string): Record<string, string[]> {
  return Object.fromEntries(
    policy.split(";").map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

describe("contentSecurityPolicy", () => {
  it("is the production policy for a typical page", () => {
    expect(contentSecurityPolicy(page())).toBe(
      [
        "default-src 'self'",
        "script-src 'self' 'nonce-bm9uY2U=' https://telegram.org/js/telegram-widget.js https://telegram.org/js/telegram-web-app.js",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob: https:",
        "connect-src 'self'",
        "frame-src https://oauth.telegram.org https://telegram.org",
        "form-action 'self' https://accounts.google.com https://id.vk.ru https://oauth.vk.com https://oauth.yandex.ru https://connect.ok.ru https://oauth.telegram.org",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
      ].join("; "),
    );
  });

  it("allows scripts only from us, with the nonce, and the two Telegram scripts themselves", () => {
    const scripts = directives(contentSecurityPolicy(page({ env: emulated, nonce: "abc" })))["script-src"];
    expect(scripts).toEqual(["'self'", "'nonce-abc'", `${EMULATOR}/telegram/js/telegram-widget.js`, `${EMULATOR}/telegram/js/telegram-web-app.js`]);
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(scripts).not.toContain("'strict-dynamic'");
    expect(scripts).not.toContain("'unsafe-eval'");
  });

  it("adds 'unsafe-eval' and websockets for next dev only", () => {
    const dev = directives(contentSecurityPolicy(page({ isDev: true })));
    expect(dev["script-src"]).toContain("'unsafe-eval'");
    expect(dev["connect-src"]).toEqual(["'self'", "ws:", "wss:"]);
  });

  it("names the http provider hosts (the emulators) for images, once", () => {
    const images = directives(contentSecurityPolicy(page({ env: emulated })))["img-src"];
    expect(images).toEqual(["'self'", "data:", "blob:", "https:", EMULATOR]);
  });

  it("lets forms go to every provider's authorization endpoint and Telegram's OAuth page", () => {
    const forms = directives(contentSecurityPolicy(page({ env: emulated })))["form-action"];
    expect(forms).toEqual(["'self'", EMULATOR, "https://oauth.telegram.org"]);
  });

  it("lets the widget's iframe come from oauth.telegram.org and the widget script's origin", () => {
    expect(directives(contentSecurityPolicy(page({ env: emulated })))["frame-src"]).toEqual(["https://oauth.telegram.org", EMULATOR]);
  });

  it("lets only Telegram's web clients frame the Mini App, and no one frame any other page", () => {
    for (const path of ["/login", "/account", "/", "/telegram", "/telegram/app/x", "/telegram/apps"]) {
      expect(directives(contentSecurityPolicy(page({ path })))["frame-ancestors"], path).toEqual(["'none'"]);
    }
    for (const path of ["/telegram/app", "/telegram/app/"]) {
      expect(directives(contentSecurityPolicy(page({ path })))["frame-ancestors"], path).toEqual(["https://web.telegram.org"]);
    }
    const env = parseEnv({ AUTH_SECRET: SECRET, AUTH_TELEGRAM_WEBAPP_ORIGINS: "https://web.telegram.org, http://127.0.0.1:3901/" });
    expect(directives(contentSecurityPolicy(page({ env, path: "/telegram/app" })))["frame-ancestors"]).toEqual([
      "https://web.telegram.org",
      EMULATOR,
    ]);
  });

  it("never lets the page set a base URL or embed plugins", () => {
    const policy = directives(contentSecurityPolicy(page({ env: emulated, isDev: true })));
    expect(policy["base-uri"]).toEqual(["'none'"]);
    expect(policy["object-src"]).toEqual(["'none'"]);
    expect(policy["default-src"]).toEqual(["'self'"]);
  });

  it("skips a script URL that is not a URL instead of allowing something else", () => {
    const env = { ...production, AUTH_TELEGRAM_WIDGET_SCRIPT_URL: "not a url" };
    expect(directives(contentSecurityPolicy(page({ env })))["script-src"]).toEqual(["'self'", "'nonce-bm9uY2U='", "https://telegram.org/js/telegram-web-app.js"]);
  });
});

describe("securityHeaders", () => {
  it("sends HSTS over HTTPS only", () => {
    expect(securityHeaders(page())["Strict-Transport-Security"]).toBeUndefined();
    expect(securityHeaders(page({ isHttps: true }))["Strict-Transport-Security"]).toBe("max-age=63072000; includeSubDomains");
  });

  it("denies the features Vkhod never uses and keeps passkeys", () => {
    const features = securityHeaders(page())["Permissions-Policy"]!.split(", ");
    for (const feature of ["camera", "microphone", "geolocation", "payment", "usb", "browsing-topics", "interest-cohort"]) {
      expect(features).toContain(`${feature}=()`);
    }
    expect(features).toContain("publickey-credentials-get=(self)");
    expect(features).toContain("publickey-credentials-create=(self)");
  });

  it("keeps the widget's popup working, and the classic headers", () => {
    const headers = securityHeaders(page());
    expect(headers["Cross-Origin-Opener-Policy"]).toBe("same-origin-allow-popups");
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
  });

  it("says DENY in X-Frame-Options everywhere but the Mini App, which Telegram frames", () => {
    expect(securityHeaders(page())["X-Frame-Options"]).toBe("DENY");
    expect(securityHeaders(page({ path: "/telegram/app" }))["X-Frame-Options"]).toBeUndefined();
  });
});

describe("isHttpsRequest", () => {
  it("believes the request's own protocol or the proxy's X-Forwarded-Proto", () => {
    expect(isHttpsRequest("https:", null)).toBe(true);
    expect(isHttpsRequest("http:", "https")).toBe(true);
    expect(isHttpsRequest("http:", "HTTPS, http")).toBe(true);
    expect(isHttpsRequest("http:", null)).toBe(false);
    expect(isHttpsRequest("http:", "http")).toBe(false);
    expect(isHttpsRequest("http:", "http, https")).toBe(false);
  });
});

describe("createNonce", () => {
  it("is 128 random bits, new every time", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});

describe("AUTH_TELEGRAM_WEBAPP_ORIGINS", () => {
  it("is https://web.telegram.org by default", () => {
    expect(production.AUTH_TELEGRAM_WEBAPP_ORIGINS).toEqual(["https://web.telegram.org"]);
  });

  it("refuses anything that is not an origin, naming it", () => {
    for (const bad of ["web.telegram.org", "https://web.telegram.org/k", "ftp://web.telegram.org", "https://web.telegram.org?x=1"]) {
      expect(() => parseEnv({ AUTH_SECRET: SECRET, AUTH_TELEGRAM_WEBAPP_ORIGINS: `https://ok.example,${bad}` }), bad).toThrow(
        new RegExp(`AUTH_TELEGRAM_WEBAPP_ORIGINS has "${bad.replace(/[.?/]/g, "\\$&")}", which is not an origin`),
      );
    }
  });
});
