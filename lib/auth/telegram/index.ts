// Telegram, every way in. Four ways prove one Telegram user and all land on the one
// "telegram" identity (lib/identity.ts), whichever was used. /login shows one Telegram
// button: OpenID Connect where it is set up, else the Login Widget (identityChoices in
// lib/auth/providers/index.ts), with the bot login under it:
//
//   way in      file           page                       route(s)                            emulator (emulators/telegram/)
//   ----------  -------------  -------------------------  ----------------------------------  ------------------------------
//   Login       widget.ts      /login without OpenID       POST /api/telegram/widget/nonce,    widget.ts: /js/telegram-widget.js,
//   Widget                     Connect (Telegram's button, GET /api/telegram/widget            /oauth/auth
//                              telegram-login-widget.tsx)
//   bot login   bot-login.ts   /login's "Open the Telegram GET /api/telegram/bot-login (poll), bot-api.ts: /t.me/<bot>?start=…,
//                              app instead", then          POST /api/telegram/webhook          /bot<token>/<method>
//                              /login/telegram (QR code)   (or polling: bot-updates.ts)
//   OpenID      oidc.ts        /login's "Continue with     /api/auth/signin|callback/          oidc.ts: /.well-known/…,
//   Connect                    Telegram" button            telegram-oidc (Auth.js)             /auth, /token
//   Mini App    mini-app.ts    /telegram/app, opened       its server action                   mini-app.ts: /webapp,
//                              inside Telegram             (app/telegram/app/actions.ts)       /js/telegram-web-app.js
//
// Shared by the ways that carry Telegram's own proof (all but OpenID Connect):
//   verify.ts        the widget's HMAC, the Mini App's HMAC and Ed25519, freshness
//   credentials.ts   verify + single use + the log of a refused signed payload; the
//                    Credentials provider that accepts only our own one-time grant
//   sign-in.ts       the identity decision and the session, as a value
//   account.ts       whose account a Telegram id is, its profile, refused attempts
//   replay.ts        single use on every instance (the database)
// And, per way: widget-nonce.ts (the widget's browser binding), bot-login-requests.ts,
// bot-api.ts and bot-updates.ts (the bot), mini-app-context.ts (was it Telegram that
// opened the Mini App). instrumentation.ts starts the bot's webhook or poller.
//
// This file gives lib/auth/providers/ the four Auth.js providers. It does not import the
// ways' flows (they call Auth.js's signIn, which needs this list first).
import "server-only";
import { defineProvider } from "../providers/types";
import { telegramGrantProvider } from "./credentials";
import { telegramOidc } from "./oidc";

export const telegramProviders = [
  defineProvider("telegram-widget", "Telegram", () => telegramGrantProvider("telegram-widget")),
  defineProvider("telegram-bot", "Telegram", () => telegramGrantProvider("telegram-bot")),
  defineProvider("telegram-oidc", "Telegram", telegramOidc),
  defineProvider("telegram-app", "Telegram", () => telegramGrantProvider("telegram-app")),
];
