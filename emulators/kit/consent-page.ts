// The page where a tester "is" somebody at the provider: pick a test user, type a new
// one, or press Deny. Each provider gives its own title and brand colour.
import { escapeHtml } from "./http";
import { fullName, type TestUser } from "./users";

export type ConsentPage = {
  provider: string;
  brandColour: string;
  appName: string;
  action: string;
  requestId: string;
  users: readonly TestUser[];
  scopes: string[];
};

export function consentPage(page: ConsentPage): string {
  const e = escapeHtml;
  const hidden = `<input type="hidden" name="request" value="${e(page.requestId)}">`;
  const users = page.users
    .map(
      (user) => `<li><form method="post" action="${e(page.action)}">${hidden}
        <input type="hidden" name="user" value="${e(user.key)}">
        <button type="submit" class="user"><strong>${e(fullName(user))}</strong>
        <span>${e(user.email ?? "no email")}${user.email && !user.emailVerified ? " (unverified)" : ""}</span></button>
      </form></li>`,
    )
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in with ${e(page.provider)} (emulator)</title>
<style>
  body{font-family:system-ui,sans-serif;background:#f1f5f9;margin:0;padding:24px;color:#0f172a}
  main{max-width:440px;margin:0 auto;background:#fff;border-radius:16px;padding:24px;box-shadow:0 1px 3px #0002}
  h1{font-size:1.3rem;margin:0 0 4px} .brand{color:${page.brandColour}} p{color:#475569;margin:4px 0 16px}
  ul{list-style:none;padding:0;margin:0 0 16px;display:grid;gap:8px}
  button{font:inherit;cursor:pointer} .user{width:100%;text-align:left;padding:10px 12px;border:1px solid #cbd5e1;border-radius:10px;background:#fff;display:grid}
  .user:hover{background:#f8fafc} .user span{color:#64748b;font-size:.9rem}
  fieldset{border:1px solid #cbd5e1;border-radius:10px;display:grid;gap:8px;padding:12px;margin-bottom:16px}
  input[type=text],input[type=email]{font:inherit;padding:8px;border:1px solid #cbd5e1;border-radius:8px}
  .primary{background:${page.brandColour};color:#fff;border:0;border-radius:8px;padding:8px 12px}
  .deny{background:none;border:1px solid #cbd5e1;border-radius:8px;padding:8px 12px}
  .note{font-size:.8rem;color:#94a3b8}
</style></head><body><main>
<h1><span class="brand">${e(page.provider)}</span> · choose an account</h1>
<p>to continue to <strong>${e(page.appName)}</strong>. It asks for: ${e(page.scopes.join(", ") || "basic profile")}.</p>
<ul aria-label="Test accounts">${users}</ul>
<form method="post" action="${e(page.action)}">${hidden}
  <fieldset><legend>Another account</legend>
    <label>Name <input type="text" name="name" required autocomplete="off"></label>
    <label>Email <input type="email" name="email" autocomplete="off"></label>
    <button type="submit" class="primary">Continue as this person</button>
  </fieldset>
</form>
<form method="post" action="${e(page.action)}">${hidden}
  <input type="hidden" name="deny" value="1">
  <button type="submit" class="deny">Deny</button>
</form>
<p class="note">This is Vkhod's local ${e(page.provider)} emulator, not the real service.</p>
</main></body></html>`;
}

export function errorPage(provider: string, title: string, detail: string): string {
  const e = escapeHtml;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${e(title)}</title></head>
<body style="font-family:system-ui,sans-serif;padding:24px"><h1>${e(provider)}: ${e(title)}</h1><p>${e(detail)}</p>
<p style="color:#94a3b8">Vkhod's local ${e(provider)} emulator</p></body></html>`;
}
