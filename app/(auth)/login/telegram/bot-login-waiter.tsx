"use client";
// Asks every second whether the bot has confirmed this browser's sign-in; then goes
// on to callbackUrl (or, for a signed-in browser linking Telegram, to the page the
// account center names), or to /login with the reason.
import { useEffect } from "react";

export function BotLoginWaiter({ callbackUrl, waiting }: { callbackUrl: string; waiting: string }) {
  useEffect(() => {
    let stopped = false;
    async function poll() {
      while (!stopped) {
        const answer = (await fetch(`/api/telegram/bot-login?${new URLSearchParams({ callbackUrl })}`, { cache: "no-store" })
          .then((response) => response.json())
          .catch(() => ({ status: "pending" }))) as { status: string; reason?: string; redirect?: string; retryAfter?: number };
        if (answer.status === "done") return window.location.replace(answer.redirect?.startsWith("/") && !answer.redirect.startsWith("//") ? answer.redirect : callbackUrl);
        if (answer.status === "failed") return window.location.replace(`/login?error=${encodeURIComponent(answer.reason ?? "unknown")}`);
        // Asked too often (429): wait as long as the server says, then ask again.
        const wait = answer.status === "limited" ? Math.max(1, answer.retryAfter ?? 1) * 1000 : 1000;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
    void poll();
    return () => {
      stopped = true;
    };
  }, [callbackUrl]);
  return (
    <p role="status" className="mt-6 text-sm text-slate-600 dark:text-slate-400">
      {waiting}
    </p>
  );
}
