"use client";
// Inside Telegram: reads the launch data (Telegram.WebApp.initData, or tgWebAppData in
// the URL's hash), signs in with it, and goes on to /account (or, in a signed-in
// browser, where the account center says), or to /login with the reason. Follows
// Telegram's theme (themeParams, or tgWebAppThemeParams in the hash).
//
// Only when Telegram launched the page (`context`, decided by the server from how the
// browser reached it): a page another site opened signs no one in, and one opened
// directly (Telegram's apps open a web view so) also needs Telegram's web-view bridge.
import { useEffect, useState } from "react";
import type { MiniAppContext } from "@/lib/auth/telegram/mini-app-context";
import { signInFromMiniApp } from "./actions";

type WebApp = { initData?: string; themeParams?: Record<string, string>; ready?: () => void; expand?: () => void };
type Theme = { bg_color?: string; text_color?: string; hint_color?: string; button_color?: string; button_text_color?: string };

function launch(): { initData: string; theme: Theme } {
  const webApp = (window as unknown as { Telegram?: { WebApp?: WebApp } }).Telegram?.WebApp;
  const hash = new URLSearchParams(window.location.hash.slice(1));
  let theme: Theme = webApp?.themeParams ?? {};
  try {
    theme = { ...JSON.parse(hash.get("tgWebAppThemeParams") ?? "{}"), ...theme };
  } catch {
    // no usable theme: the page's own colours stay
  }
  webApp?.ready?.();
  webApp?.expand?.();
  return { initData: webApp?.initData || hash.get("tgWebAppData") || "", theme };
}

/** Telegram's own bridge to the page: injected by its apps' web views, or a parent frame (web clients). */
function insideTelegram(context: MiniAppContext): boolean {
  if (context === "refused") return false;
  if (context === "framed" || context === "client") return true;
  const bridge = window as unknown as { TelegramWebviewProxy?: unknown; external?: { notify?: unknown } };
  return Boolean(bridge.TelegramWebviewProxy) || typeof bridge.external?.notify === "function";
}

export function MiniAppSignIn({ scriptUrl, context, title, outside }: { scriptUrl: string; context: MiniAppContext; title: string; outside: string }) {
  const [state, setState] = useState<{ theme: Theme; status: "loading" | "outside" }>({ theme: {}, status: "loading" });

  useEffect(() => {
    const script = document.createElement("script");
    script.src = scriptUrl;
    const start = async () => {
      const { initData, theme } = launch();
      if (!initData || !insideTelegram(context)) return setState({ theme, status: "outside" });
      setState({ theme, status: "loading" });
      const result = await signInFromMiniApp(initData);
      if ("limited" in result) return window.location.replace(`/limited?retryAfter=${result.limited}`);
      if ("error" in result) return window.location.replace(`/login?error=${encodeURIComponent(result.error)}`);
      const next = result.redirect ?? "/account";
      window.location.replace(next.startsWith("/") && !next.startsWith("//") ? next : "/account");
    };
    // Without the script (blocked, say), the hash still carries the launch data.
    script.onload = start;
    script.onerror = start;
    document.head.append(script);
    return () => script.remove();
  }, [scriptUrl, context]);

  const { theme, status } = state;
  return (
    <div
      className="flex min-h-[60dvh] flex-col items-center justify-center gap-3 rounded-2xl p-6 text-center"
      style={{ backgroundColor: theme.bg_color, color: theme.text_color }}
      data-testid="mini-app"
    >
      <p className="text-lg font-medium" role="status">
        {status === "outside" ? outside : title}
      </p>
      {status === "loading" && (
        <span
          aria-hidden="true"
          className="size-6 animate-spin rounded-full border-2 border-current border-t-transparent"
          style={{ color: theme.button_color }}
        />
      )}
    </div>
  );
}
