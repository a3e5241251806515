"use client";
// The official Telegram Login Widget: a <script> that draws Telegram's button where it
// stands. It is inserted on mount, because React would hoist a <script async> from the
// markup into <head>. Redirect mode: Telegram sends the browser to authPath with the
// person's signed fields (app/api/telegram/widget).
import { useEffect, useRef } from "react";

type Props = { scriptUrl: string; bot: string; authPath: string; lang: string };

export function TelegramLoginWidget({ scriptUrl, bot, authPath, lang }: Props) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
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
      authUrl: new URL(authPath, window.location.origin).toString(),
    });
    element.replaceChildren(script);
    return () => element.replaceChildren();
  }, [scriptUrl, bot, authPath, lang]);
  return <div ref={container} className="flex min-h-10 items-center" />;
}
