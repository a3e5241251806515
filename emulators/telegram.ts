// Telegram, as the app meets it: the Login Widget, OpenID Connect, the Mini App and the bot.
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
//   POST /bot<token>/<method>       the Bot API, JSON or form-encoded; answers {ok, result}
//                                   or {ok: false, error_code, description} with Telegram's
//                                   own descriptions:
//     getMe
//     setWebhook (url, secret_token, allowed_updates), deleteWebhook
//     getUpdates (offset, limit, allowed_updates): refused while a webhook is set, as
//       Telegram refuses it. allowed_updates (an array or a JSON array string, kept until
//       given again by either method; [] or never given: every type) decides which
//       updates are made at all: one of a type left out is dropped, not queued
//     sendMessage (chat_id, text, parse_mode, reply_markup): only to someone who pressed
//       Start ("chat not found"); parse_mode HTML, Markdown or MarkdownV2 is accepted and
//       its formatting not drawn (HTML tags are dropped from the text); reply_markup, an
//       object or a JSON string, is an inline keyboard of callback_data (1-64 bytes,
//       BUTTON_DATA_INVALID) and url buttons; malformed markup is refused as Telegram
//       refuses it; reply keyboards and other kinds of button are not emulated (refused)
//     editMessageText (chat_id, message_id, text, parse_mode, reply_markup): the keyboard
//       goes unless reply_markup is given; "message to edit not found", "message is not
//       modified" for the same text and markup; answers the edited Message
//     answerCallbackQuery (callback_query_id, text, show_alert): true once for a query the
//       emulator issued; the text is shown in the chat as Telegram's toast
//   GET  /t.me/<bot>?start=<payload>  a tester "is" a Telegram user opening the deep link:
//                                   "Start as <test person>", or a typed Name and "Start as
//                                   this person" (customUser(name, ""), so the id is
//                                   telegramUserId(customUser(name, ""))); POST /t.me/start
//                                   makes the update "/start <payload>"
//   GET  /t.me/<bot>/chat?user=<key or typed name>   the chat again (polling mode: reload
//                                   it once the bot has answered)
//   POST /t.me/callback             an inline button pressed (user, message_id, data): the
//                                   callback_query update {id, from, message, chat_instance,
//                                   data}; refused (400, nothing delivered) for a button the
//                                   message no longer has
// Each update goes to the webhook (with X-Telegram-Bot-Api-Secret-Token), after which the
// page is drawn (so a bot that answers within the webhook call is already seen), or waits
// for getUpdates. The chat page: the bot's messages are the items of the list "Bot replies"
// (text, then its inline buttons as buttons of a form, url buttons as links); the person's
// own messages sit between them in order; the last answerCallbackQuery text is the status.
//
// The parts, each a file under emulators/telegram/: signing.ts (how Telegram signs),
// widget.ts, oidc.ts, mini-app.ts, bot-api.ts; this file puts them under one server path.
import { sendHtml, type Request, type Response } from "./kit/http";
import { emulatedBy, routes, type EmulatorContext, type EmulatorDefinition } from "./kit/types";
import { botApi } from "./telegram/bot-api";
import { launcher, webAppScript } from "./telegram/mini-app";
import { openIdConnect } from "./telegram/oidc";
import { TELEGRAM_DEMO_BOT, TELEGRAM_DEMO_WEBAPP_KEY } from "./telegram/signing";
import { widgetPages, widgetScript } from "./telegram/widget";

export { signLoginWidget, signWebAppData, TELEGRAM_DEMO_BOT, TELEGRAM_DEMO_WEBAPP_KEY, telegramUserId, webAppFields, widgetFields } from "./telegram/signing";

async function start({ baseUrl, appUrls, faults, now }: EmulatorContext) {
  const base = `${baseUrl}/telegram`;
  const oidc = await openIdConnect(base, baseUrl, appUrls, faults, now);
  const bot = botApi(base, now);
  const { authPage, decide } = widgetPages(base, baseUrl, appUrls, now, bot.allowWrite);

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
    "GET /webapp": (_req, res, query) => sendHtml(res, 200, launcher(appUrls[0] ?? "", baseUrl, Math.floor(now() / 1000), query.get("name"))),
    "POST /t.me/start": bot.deliverStart,
    "POST /t.me/callback": bot.pressButton,
    ...oidc,
  });
  return {
    async handle(req: Request, res: Response, path: string, query: URLSearchParams) {
      const method = /^\/bot([^/]+)\/(\w+)$/.exec(path);
      if (method) return bot.call(req, res, decodeURIComponent(method[1]!), method[2]!);
      const deepLink = /^\/t\.me\/(\w+)(\/chat)?$/.exec(path);
      if (req.method === "GET" && deepLink) return deepLink[2] ? bot.openChat(res, deepLink[1]!, query) : bot.startPage(res, deepLink[1]!, query);
      return pages.handle(req, res, path, query);
    },
  };
}

export const telegramEmulator: EmulatorDefinition = {
  id: "telegram",
  providers: emulatedBy("telegram"),
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
    // The emulator's Mini App launcher stands in for Telegram's apps, with a plain link.
    AUTH_TELEGRAM_WEBAPP_LAUNCHERS: new URL(baseUrl).origin,
  }),
  start,
};
