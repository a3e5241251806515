// The Login Widget's side: a stand-in for telegram.org's telegram-widget.js (it reads
// data-telegram-login, data-auth-url and data-lang from its own <script> tag and draws a
// "Log in with Telegram" button), and the confirmation page it leads to, which sends the
// browser to data-auth-url with the signed fields, as Telegram does.
import { errorPage, consentPage } from "../kit/consent-page";
import { GrantStore } from "../kit/grants";
import { readForm, redirect, sendHtml, type Request, type Response } from "../kit/http";
import { customUser, testUsers, type TestUser } from "../kit/users";
import { signLoginWidget, TELEGRAM_DEMO_BOT, widgetFields } from "./signing";

export const widgetScript = (base: string) => `(function () {
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

/**
 * The widget's confirmation page and its answer, for a bot whose domain (/setdomain) is
 * one of the app's origins. `allowWrite` is told who confirmed: the widget asks for
 * permission to write (data-request-access="write"), so the bot may message them.
 */
export function widgetPages(base: string, baseUrl: string, appUrls: string[], now: () => number, allowWrite: (person: TestUser, ref: string) => void) {
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
    allowWrite(user, testUsers.includes(user) ? user.key : name!);
    const target = new URL(answered.value.returnTo);
    const signed = signLoginWidget(widgetFields(baseUrl, user, Math.floor(now() / 1000)), TELEGRAM_DEMO_BOT.token);
    for (const [key, value] of Object.entries(signed)) target.searchParams.set(key, value);
    redirect(res, target.toString());
  }

  return { authPage, decide };
}
