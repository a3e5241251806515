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

/**
 * One nonce request for every widget on the page (a second mount, as React's dev mode
 * does, or two widgets): two requests at once would each set a cookie, and the one that
 * lands last might not be the one drawn. Reused for a few minutes (it lives ten).
 */
let shared: { at: number; nonce: Promise<string | undefined> } | undefined;
function browserNonce(): Promise<string | undefined> {
  if (!shared || Date.now() - shared.at > 4 * 60_000) {
    const nonce = fetch("/api/telegram/widget/nonce", { method: "POST", cache: "no-store" })
      .then((response) => (response.ok ? (response.json() as Promise<{ nonce?: string }>) : {}))
      .then((answer: { nonce?: string }) => answer.nonce)
      .catch(() => undefined);
    shared = { at: Date.now(), nonce };
    // A failed request is not kept: the next mount asks again.
    void nonce.then((value) => {
      if (!value && shared?.nonce === nonce) shared = undefined;
    });
  }
  return shared.nonce;
}

export function TelegramLoginWidget({ scriptUrl, bot, authPath, lang }: Props) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let cancelled = false;
    void (async () => {
      const nonce = await browserNonce();
      if (cancelled || !nonce) return;
      const authUrl = new URL(authPath, window.location.origin);
      authUrl.searchParams.set("nonce", nonce);
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
  // A fixed slot, the size of Telegram's large button: nothing below moves when it appears.
  return <div ref={container} data-telegram-widget className="flex h-10 items-center" />;
}
