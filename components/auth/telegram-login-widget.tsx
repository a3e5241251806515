"use client";
// The official Telegram Login Widget: a <script> that draws Telegram's button where it
// stands. It is inserted on mount, because React would hoist a <script async> from the
// markup into <head>. Redirect mode: Telegram sends the browser to authPath with the
// person's signed fields (app/api/telegram/widget).
//
// First it asks for this browser's nonce (POST /api/telegram/widget/nonce, which sets
// the secret half as an httpOnly cookie) and adds the public half to authPath: the
// widget route accepts a payload only with this browser's nonce, so a link from
// another site with someone's valid payload signs no one in here.
import { useEffect, useRef } from "react";

type Props = { scriptUrl: string; bot: string; authPath: string; lang: string };

export function TelegramLoginWidget({ scriptUrl, bot, authPath, lang }: Props) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let cancelled = false;
    void (async () => {
      const answer: { nonce?: string } = await fetch("/api/telegram/widget/nonce", { method: "POST", cache: "no-store" })
        .then((response) => (response.ok ? (response.json() as Promise<{ nonce?: string }>) : {}))
        .catch(() => ({}));
      if (cancelled || !answer.nonce) return;
      const authUrl = new URL(authPath, window.location.origin);
      authUrl.searchParams.set("nonce", answer.nonce);
      const script = document.createElement("script");
      script.async = true;
      script.src = scriptUrl;
      Object.assign(script.dataset, {
        telegramLogin: bot,
        size: "large",
        radius: "12",
        userpic: "false",
        requestAccess: "write",
        lang,
        authUrl: authUrl.toString(),
      });
      element.replaceChildren(script);
    })();
    return () => {
      cancelled = true;
      element.replaceChildren();
    };
  }, [scriptUrl, bot, authPath, lang]);
  return <div ref={container} className="flex min-h-10 items-center" />;
}
