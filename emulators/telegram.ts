// Telegram, as the app meets it. So far: the Login Widget and OpenID Connect.
//
// Endpoints under <emulator>/telegram (which is also the OIDC issuer):
//   GET  /js/telegram-widget.js   a stand-in for telegram.org's script with the same
//                                 contract: it reads data-telegram-login, data-auth-url,
//                                 data-lang from its own <script> tag and draws a
//                                 "Log in with Telegram" button in its place
//   GET  /oauth/auth              the confirmation page (test people, Deny), for a known
//                                 bot whose domain (/setdomain) is the page's origin
//   POST /oauth/auth/decide       its answer: the browser goes to data-auth-url with
//                                 id, first_name, last_name, username, photo_url,
//                                 auth_date and hash, signed with the bot token as
//                                 Telegram signs them; Deny goes back to the page
// The real widget asks in a popup and then sends the page to data-auth-url; this one
// asks in the same window. The app sees the same request either way.
//   GET  /.well-known/openid-configuration, /.well-known/jwks.json   OIDC discovery, keys
//   GET  /auth, POST /auth/decide   authorization: code flow, PKCE (S256) required
//   POST /token                     HTTP Basic only -> id_token (RS256) with iss, aud, sub
//                                   (opaque), iat, exp, id (numeric), name,
//                                   preferred_username, picture, nonce when sent
//   GET  /js/telegram-web-app.js    a stand-in for Telegram.WebApp: initData and
//                                   themeParams from the launch URL's hash, as Telegram's
//   GET  /webapp                    the Mini App launcher: opens <app>/telegram/app with
//                                   launch data signed by HMAC (bot token) or Ed25519
//                                   (this emulator's own key pair, TELEGRAM_DEMO_WEBAPP_KEY)
//   POST /bot<token>/<method>       the Bot API: getMe, setWebhook (url, secret_token),
//                                   deleteWebhook, getUpdates (refused while a webhook is
//                                   set, as Telegram refuses it), sendMessage; answers
//                                   {ok, result} or {ok: false, error_code, description}
//   GET  /t.me/<bot>?start=<payload>  a tester "is" a Telegram user opening the deep link
//                                   and pressing Start: the update "/start <payload>" goes
//                                   to the webhook (with X-Telegram-Bot-Api-Secret-Token)
//                                   or waits for getUpdates; the page shows the bot's replies
import { createHash, createHmac, createPrivateKey, createPublicKey, sign } from "node:crypto";
import { avatarUrl } from "./kit/avatars";
import { authorizeEndpoint, createCodeFlow, decideEndpoint } from "./kit/code-flow";
import { errorPage, consentPage } from "./kit/consent-page";
import { GrantStore } from "./kit/grants";
import { basicCredentials, escapeHtml, readBody, readForm, redirect, sendHtml, sendJson, type Request, type Response } from "./kit/http";
import { createSigningKey } from "./kit/keys";
import { routes, type EmulatorContext, type EmulatorDefinition } from "./kit/types";
import { customUser, numericId, testUsers, type TestUser } from "./kit/users";

export const TELEGRAM_DEMO_BOT = {
  id: "7000000001",
  username: "vkhod_demo_bot",
  token: "7000000001:AAvkhodDemoBotTokenNotARealOne000",
  /** The OIDC client secret BotFather would give. */
  oidcSecret: "vkhod-demo-telegram-oidc-secret",
};

/**
 * The emulator's Ed25519 key for Mini App signatures, in place of Telegram's: a fixed
 * seed, so the app's AUTH_TELEGRAM_WEBAPP_PUBLIC_KEY can be set before it starts.
 */
const webAppPrivateKey = createPrivateKey({
  key: Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), createHash("sha256").update("vkhod-demo-webapp-key").digest()]),
  format: "der",
  type: "pkcs8",
});
export const TELEGRAM_DEMO_WEBAPP_KEY = createPublicKey(webAppPrivateKey).export({ format: "der", type: "spki" }).subarray(-32).toString("hex");

/** Mini App launch data for a test person, signed by HMAC ("hmac") or Ed25519 ("signature"). */
export function signWebAppData(fields: Record<string, string>, how: "hmac" | "signature", bot = TELEGRAM_DEMO_BOT): string {
  const checkString = (leaveOut: string[]) =>
    Object.keys(fields)
      .filter((key) => !leaveOut.includes(key))
      .sort()
      .map((key) => `${key}=${fields[key]}`)
      .join("\n");
  if (how === "hmac") {
    const secret = createHmac("sha256", "WebAppData").update(bot.token).digest();
    return new URLSearchParams({ ...fields, hash: createHmac("sha256", secret).update(checkString([])).digest("hex") }).toString();
  }
  const message = `${bot.id}:WebAppData\n${checkString([])}`;
  return new URLSearchParams({ ...fields, signature: sign(null, Buffer.from(message), webAppPrivateKey).toString("base64url") }).toString();
}

/** The launch fields Telegram gives a Mini App opened by a test person now. */
export function webAppFields(baseUrl: string, user: TestUser, authDate = Math.floor(Date.now() / 1000)) {
  return {
    query_id: `AAH${createHash("sha256").update(`${user.key}:${authDate}:${Math.random()}`).digest("base64url").slice(0, 21)}`,
    user: JSON.stringify({
      id: telegramUserId(user),
      first_name: user.givenName,
      ...(user.familyName ? { last_name: user.familyName } : {}),
      username: `${user.key}_tg`,
      language_code: user.locale,
      allows_write_to_pm: true,
      photo_url: avatarUrl(baseUrl, user),
    }),
    auth_date: String(authDate),
  };
}

const WEBAPP_THEME = { bg_color: "#17212b", text_color: "#f5f5f5", hint_color: "#708499", button_color: "#5288c1", button_text_color: "#ffffff" };

const webAppScript = `(function () {
  var hash = new URLSearchParams(location.hash.slice(1));
  var theme = {};
  try { theme = JSON.parse(hash.get("tgWebAppThemeParams") || "{}"); } catch (e) {}
  window.Telegram = window.Telegram || {};
  window.Telegram.WebApp = {
    initData: hash.get("tgWebAppData") || "",
    themeParams: theme,
    platform: hash.get("tgWebAppPlatform") || "unknown",
    version: hash.get("tgWebAppVersion") || "6.0",
    ready: function () {},
    expand: function () {},
  };
})();
`;

/** A Telegram user id for a test person. */
export const telegramUserId = (user: TestUser) => Number(numericId(user.key, "telegram", 10));

/** Signs Login Widget fields the way Telegram does (tests use it to forge and tamper). */
export function signLoginWidget(fields: Record<string, string>, botToken: string): Record<string, string> {
  const checkString = Object.keys(fields)
    .sort()
    .map((key) => `${key}=${fields[key]}`)
    .join("\n");
  const hash = createHmac("sha256", createHash("sha256").update(botToken).digest()).update(checkString).digest("hex");
  return { ...fields, hash };
}

/** The widget fields Telegram would send for a test person confirming now. */
export function widgetFields(baseUrl: string, user: TestUser, authDate = Math.floor(Date.now() / 1000)) {
  return {
    id: String(telegramUserId(user)),
    first_name: user.givenName,
    ...(user.familyName ? { last_name: user.familyName } : {}),
    username: `${user.key}_tg`,
    photo_url: avatarUrl(baseUrl, user),
    auth_date: String(authDate),
  };
}

const widgetScript = (base: string) => `(function () {
  var script = document.currentScript;
  // A script taken out of the page before it ran (a re-render, say) draws nothing.
  if (!script || !script.parentNode) return;
  var bot = script.getAttribute("data-telegram-login");
  var authUrl = script.getAttribute("data-auth-url");
  var ru = (script.getAttribute("data-lang") || "").indexOf("ru") === 0;
  var button = document.createElement("button");
  button.type = "button";
  button.textContent = ru ? "Войти через Telegram" : "Log in with Telegram";
  button.style.cssText = "background:#54a9eb;color:#fff;border:0;border-radius:" + (script.getAttribute("data-radius") || 20) + "px;font:500 16px system-ui,sans-serif;padding:9px 21px;cursor:pointer";
  button.addEventListener("click", function () {
    var url = new URL(${JSON.stringify(`${base}/oauth/auth`)});
    url.searchParams.set("bot", bot || "");
    url.searchParams.set("origin", location.origin);
    url.searchParams.set("return_to", authUrl || "");
    url.searchParams.set("page", location.href);
    location.href = url.toString();
  });
  script.parentNode.insertBefore(button, script.nextSibling);
})();
`;

async function start({ baseUrl, appUrls, faults, now }: EmulatorContext) {
  const base = `${baseUrl}/telegram`;
  const oidc = await openIdConnect(base, baseUrl, appUrls, faults, now);
  const bot = botApi(base, now);
  const domains = appUrls.map((app) => new URL(app).origin);
  const pending = new GrantStore<{ returnTo: string; page: string }>(10 * 60_000, now);

  function authPage(res: Response, query: URLSearchParams) {
    if (query.get("bot") !== TELEGRAM_DEMO_BOT.username) return sendHtml(res, 400, errorPage("Telegram", "Bot username invalid", "No such bot."));
    const origin = query.get("origin") ?? "";
    const returnTo = query.get("return_to") ?? "";
    let returnOrigin = "";
    try {
      returnOrigin = new URL(returnTo).origin;
    } catch {
      // left empty: refused below
    }
    if (!domains.includes(origin) || returnOrigin !== origin) {
      return sendHtml(res, 400, errorPage("Telegram", "Bot domain invalid", "The bot's domain (/setdomain) is not this site."));
    }
    const requestId = pending.issue({ returnTo, page: query.get("page") ?? origin });
    sendHtml(
      res,
      200,
      consentPage({ provider: "Telegram", brandColour: "#54a9eb", appName: "Vkhod", action: `${base}/oauth/auth/decide`, requestId, users: testUsers, scopes: ["name", "username", "profile photo"] }),
    );
  }

  async function decide(req: Request, res: Response) {
    const form = await readForm(req);
    const answered = pending.redeem(form.get("request") ?? "");
    if (!answered.ok) return sendHtml(res, 400, errorPage("Telegram", "Request expired", "Please try again."));
    if (form.get("deny")) return redirect(res, answered.value.page);
    const name = form.get("name")?.trim();
    const user = testUsers.find((u) => u.key === form.get("user")) ?? (name ? customUser(name, "") : undefined);
    if (!user) return sendHtml(res, 400, errorPage("Telegram", "Unknown account", "Pick one of the accounts."));
    const target = new URL(answered.value.returnTo);
    const signed = signLoginWidget(widgetFields(baseUrl, user, Math.floor(now() / 1000)), TELEGRAM_DEMO_BOT.token);
    for (const [key, value] of Object.entries(signed)) target.searchParams.set(key, value);
    redirect(res, target.toString());
  }

  const pages = routes({
    "GET /js/telegram-widget.js": (_req, res) => {
      res.writeHead(200, { "content-type": "application/javascript; charset=utf-8", "cache-control": "no-store" });
      res.end(widgetScript(base));
    },
    "GET /oauth/auth": (_req, res, query) => authPage(res, query),
    "POST /oauth/auth/decide": decide,
    "GET /js/telegram-web-app.js": (_req, res) => {
      res.writeHead(200, { "content-type": "application/javascript; charset=utf-8", "cache-control": "no-store" });
      res.end(webAppScript);
    },
    "GET /webapp": (_req, res) => sendHtml(res, 200, launcher(appUrls[0] ?? "", baseUrl, Math.floor(now() / 1000))),
    "POST /t.me/start": bot.deliverStart,
    ...oidc,
  });
  return {
    async handle(req: Request, res: Response, path: string, query: URLSearchParams) {
      const method = /^\/bot([^/]+)\/(\w+)$/.exec(path);
      if (method) return bot.call(req, res, decodeURIComponent(method[1]!), method[2]!);
      const deepLink = /^\/t\.me\/(\w+)$/.exec(path);
      if (req.method === "GET" && deepLink) return bot.startPage(res, deepLink[1]!, query);
      return pages.handle(req, res, path, query);
    },
  };
}

/** The Bot API and the deep-link tester page. */
function botApi(base: string, now: () => number) {
  let webhook: { url: string; secret?: string } | undefined;
  const queued: unknown[] = [];
  const chats = new Map<number, string[]>();
  let updateId = 100_000;
  let messageId = 1;
  const answer = (res: Response, result: unknown) => sendJson(res, 200, { ok: true, result });
  const refuse = (res: Response, code: number, description: string) => sendJson(res, code, { ok: false, error_code: code, description });

  async function call(req: Request, res: Response, token: string, method: string) {
    if (token !== TELEGRAM_DEMO_BOT.token) return refuse(res, 401, "Unauthorized"), true;
    const body = await readBody(req);
    let params: Record<string, unknown> = {};
    try {
      params = body ? (JSON.parse(body) as Record<string, unknown>) : Object.fromEntries(new URLSearchParams(body));
    } catch {
      params = Object.fromEntries(new URLSearchParams(body));
    }
    switch (method) {
      case "getMe":
        answer(res, { id: Number(TELEGRAM_DEMO_BOT.id), is_bot: true, first_name: "Vkhod demo", username: TELEGRAM_DEMO_BOT.username });
        break;
      case "setWebhook": {
        const url = String(params.url ?? "");
        if (!/^https?:\/\//.test(url)) return refuse(res, 400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"), true;
        const secret = params.secret_token === undefined ? undefined : String(params.secret_token);
        if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) return refuse(res, 400, "Bad Request: secret token contains unallowed characters"), true;
        webhook = { url, secret };
        answer(res, true);
        break;
      }
      case "deleteWebhook":
        webhook = undefined;
        answer(res, true);
        break;
      case "getUpdates":
        if (webhook) return refuse(res, 409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"), true;
        // Updates below `offset` are confirmed and forgotten, as at Telegram.
        if (typeof params.offset === "number") queued.splice(0, queued.filter((u) => (u as { update_id: number }).update_id < Number(params.offset)).length);
        answer(res, queued.slice(0, 100));
        break;
      case "sendMessage": {
        const chatId = Number(params.chat_id);
        const text = String(params.text ?? "");
        if (!Number.isSafeInteger(chatId) || !text) return refuse(res, 400, "Bad Request: chat_id and text are required"), true;
        chats.set(chatId, [...(chats.get(chatId) ?? []), text]);
        answer(res, { message_id: messageId++, chat: { id: chatId, type: "private" }, date: Math.floor(now() / 1000), text });
        break;
      }
      default:
        refuse(res, 404, "Not Found: method not found");
    }
    return true;
  }

  /** The tester opens t.me/<bot>?start=<payload>: whom to be, then Start. */
  function startPage(res: Response, botName: string, query: URLSearchParams) {
    if (botName !== TELEGRAM_DEMO_BOT.username) return sendHtml(res, 404, errorPage("Telegram", "Bot not found", botName)), true;
    const payload = query.get("start") ?? "";
    const buttons = testUsers
      .map(
        (user) => `<li><form method="post" action="${escapeHtml(`${base}/t.me/start`)}"><input type="hidden" name="payload" value="${escapeHtml(payload)}">
<input type="hidden" name="user" value="${escapeHtml(user.key)}"><button type="submit">Start as ${escapeHtml(`${user.givenName} ${user.familyName}`.trim())}</button></form></li>`,
      )
      .join("");
    sendHtml(
      res,
      200,
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>@${escapeHtml(botName)} (Telegram emulator)</title></head>
<body style="font-family:system-ui,sans-serif;padding:24px"><h1>@${escapeHtml(botName)}</h1><p>You are opening the bot with <code>/start ${escapeHtml(payload)}</code>. Who are you?</p>
<ul style="list-style:none;padding:0;display:grid;gap:8px">${buttons}</ul><p style="color:#94a3b8">Vkhod's local Telegram emulator, not Telegram.</p></body></html>`,
    );
    return true;
  }

  /** Start pressed: the update goes to the webhook (or the getUpdates queue); then the chat. */
  async function deliverStart(req: Request, res: Response) {
    const form = await readForm(req);
    const user = testUsers.find((u) => u.key === form.get("user"));
    if (!user) return sendHtml(res, 400, errorPage("Telegram", "Unknown account", "Pick one of the accounts."));
    const id = telegramUserId(user);
    const text = `/start ${form.get("payload") ?? ""}`;
    const update = {
      update_id: updateId++,
      message: {
        message_id: messageId++,
        from: { id, is_bot: false, first_name: user.givenName, ...(user.familyName ? { last_name: user.familyName } : {}), username: `${user.key}_tg`, language_code: user.locale },
        chat: { id, first_name: user.givenName, type: "private" },
        date: Math.floor(now() / 1000),
        text,
        entities: [{ offset: 0, length: 6, type: "bot_command" }],
      },
    };
    let delivery = "queued for getUpdates";
    if (webhook) {
      const answer = await fetch(webhook.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(webhook.secret ? { "x-telegram-bot-api-secret-token": webhook.secret } : {}) },
        body: JSON.stringify(update),
      }).catch((error: unknown) => ({ status: String(error) }));
      delivery = `delivered to the webhook (HTTP ${answer.status})`;
    } else {
      queued.push(update);
    }
    const replies = (chats.get(id) ?? []).map((reply) => `<li class="bot">${escapeHtml(reply)}</li>`).join("");
    sendHtml(
      res,
      200,
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Chat with @${TELEGRAM_DEMO_BOT.username}</title></head>
<body style="font-family:system-ui,sans-serif;padding:24px"><h1>Chat with @${TELEGRAM_DEMO_BOT.username}</h1>
<p>You: <code>${escapeHtml(text)}</code> (${escapeHtml(delivery)})</p><ul aria-label="Bot replies">${replies}</ul></body></html>`,
    );
  }

  return { call, startPage, deliverStart };
}

/** The Mini App launcher: for each test person, open the app signed either way. */
function launcher(appUrl: string, baseUrl: string, authDate: number): string {
  const link = (user: TestUser, how: "hmac" | "signature") => {
    const hash = new URLSearchParams({
      tgWebAppData: signWebAppData(webAppFields(baseUrl, user, authDate), how),
      tgWebAppVersion: "8.0",
      tgWebAppPlatform: "web",
      tgWebAppThemeParams: JSON.stringify(WEBAPP_THEME),
    });
    const label = `${user.givenName} ${user.familyName}`.trim();
    return `<a href="${escapeHtml(`${appUrl}/telegram/app#${hash}`)}">${escapeHtml(label)} (${how === "hmac" ? "HMAC" : "Ed25519"})</a>`;
  };
  const items = testUsers.map((user) => `<li>${link(user, "hmac")} · ${link(user, "signature")}</li>`).join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Telegram Mini App launcher (emulator)</title></head>
<body style="font-family:system-ui,sans-serif;padding:24px;background:#17212b;color:#f5f5f5"><h1>Open Vkhod's Mini App as…</h1>
<ul style="line-height:2">${items}</ul><p style="color:#708499">Vkhod's local Telegram emulator, not Telegram.</p>
<style>a{color:#6ab3f3}</style></body></html>`;
}

/** Telegram's OpenID Connect endpoints; the issuer is `base`. */
async function openIdConnect(base: string, baseUrl: string, appUrls: string[], faults: EmulatorContext["faults"], now: () => number) {
  const key = await createSigningKey();
  const flow = createCodeFlow({
    now,
    provider: "Telegram",
    brandColour: "#54a9eb",
    clients: [{ id: TELEGRAM_DEMO_BOT.id, secret: TELEGRAM_DEMO_BOT.oidcSecret, redirectUris: appUrls.map((app) => `${app}/api/auth/callback/telegram-oidc`) }],
    users: testUsers,
    decideUrl: `${base}/auth/decide`,
    codeTtlMs: 5 * 60_000,
    tokenTtlMs: 3600_000,
    pkce: "required",
    pkceMethods: ["S256"],
    scopeSeparator: " ",
    checkScope: (scope) =>
      !scope.includes("openid")
        ? ["invalid_scope", "openid scope is required"]
        : scope.some((s) => !["openid", "profile", "phone", "telegram:bot_access"].includes(s))
          ? ["invalid_scope", "unknown scope"]
          : undefined,
  });
  const authorize = authorizeEndpoint(flow, "Telegram", {
    unknownClient: ["invalid_client", "Unknown bot."],
    redirectUriMismatch: ["invalid_request", "redirect_uri is not allowed for this bot (BotFather)."],
  });
  const decide = decideEndpoint(flow, "Telegram", { denied: { error: "access_denied" }, granted: () => ({}) });
  const fail = (res: Response, status: number, error: string, description: string) => sendJson(res, status, { error, error_description: description });

  async function token(req: Request, res: Response) {
    const fault = faults.take("telegram", "token");
    if (await faults.applyTransport(fault, res)) return;
    const form = await readForm(req);
    const basic = basicCredentials(req);
    if (!basic) return fail(res, 401, "invalid_client", "HTTP Basic client authentication is required");
    const client = flow.authenticate(basic.id, basic.secret);
    if (!client) return fail(res, 401, "invalid_client", "Client authentication failed");
    if (form.get("grant_type") !== "authorization_code") return fail(res, 400, "unsupported_grant_type", "Unsupported grant_type");
    const redeemed = flow.redeem(form.get("code") ?? "", { clientId: client.id, redirectUri: form.get("redirect_uri"), verifier: form.get("code_verifier") });
    if (!redeemed.ok) return fail(res, 400, "invalid_grant", `Invalid code (${redeemed.reason})`);
    const { grant } = redeemed;
    const telegramId = telegramUserId(grant.user);
    const issuedAt = Math.floor(Date.now() / 1000);
    const idToken = await key.sign({
      iss: base,
      aud: client.id,
      sub: createHash("sha256").update(`${client.id}:${telegramId}`).digest("base64url"),
      iat: issuedAt,
      exp: issuedAt + 3600,
      id: telegramId,
      name: `${grant.user.givenName} ${grant.user.familyName}`.trim(),
      preferred_username: `${grant.user.key}_tg`,
      picture: avatarUrl(baseUrl, grant.user),
      ...(grant.scope.includes("phone") && grant.user.phone ? { phone_number: grant.user.phone } : {}),
      ...(grant.nonce ? { nonce: grant.nonce } : {}),
    });
    sendJson(res, 200, { access_token: flow.issueToken(grant), token_type: "Bearer", expires_in: 3600, id_token: idToken });
  }

  return {
    "GET /.well-known/openid-configuration": (_req: Request, res: Response) =>
      sendJson(res, 200, {
        issuer: base,
        authorization_endpoint: `${base}/auth`,
        token_endpoint: `${base}/token`,
        jwks_uri: `${base}/.well-known/jwks.json`,
        response_types_supported: ["code"],
        subject_types_supported: ["pairwise"],
        id_token_signing_alg_values_supported: ["RS256"],
        scopes_supported: ["openid", "profile", "phone", "telegram:bot_access"],
        token_endpoint_auth_methods_supported: ["client_secret_basic"],
        code_challenge_methods_supported: ["S256"],
        claims_supported: ["iss", "aud", "sub", "iat", "exp", "id", "name", "preferred_username", "picture", "phone_number"],
      }),
    "GET /.well-known/jwks.json": (_req: Request, res: Response) => sendJson(res, 200, key.jwks),
    "GET /auth": (_req: Request, res: Response, query: URLSearchParams) => authorize(res, query),
    "POST /auth/decide": decide,
    "POST /token": token,
  };
}

export const telegramEmulator: EmulatorDefinition = {
  id: "telegram",
  providers: ["telegram-widget", "telegram-oidc", "telegram-app", "telegram-link"],
  demoEnv: (baseUrl) => ({
    AUTH_TELEGRAM_ID: TELEGRAM_DEMO_BOT.id,
    AUTH_TELEGRAM_SECRET: TELEGRAM_DEMO_BOT.oidcSecret,
    AUTH_TELEGRAM_OIDC_ISSUER: `${baseUrl}/telegram`,
    AUTH_TELEGRAM_BOT_TOKEN: TELEGRAM_DEMO_BOT.token,
    AUTH_TELEGRAM_BOT_USERNAME: TELEGRAM_DEMO_BOT.username,
    AUTH_TELEGRAM_WIDGET_SCRIPT_URL: `${baseUrl}/telegram/js/telegram-widget.js?22`,
    AUTH_TELEGRAM_WEBAPP_SCRIPT_URL: `${baseUrl}/telegram/js/telegram-web-app.js`,
    AUTH_TELEGRAM_WEBAPP_PUBLIC_KEY: TELEGRAM_DEMO_WEBAPP_KEY,
    AUTH_TELEGRAM_BOT_API_URL: `${baseUrl}/telegram`,
    AUTH_TELEGRAM_LINK_URL: `${baseUrl}/telegram/t.me`,
  }),
  start,
};
