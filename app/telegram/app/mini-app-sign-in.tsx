"use client";
// Inside Telegram: reads the launch data (Telegram.WebApp.initData, or tgWebAppData in
// the URL's hash), signs in with it, and goes on to /account, or to /login with the
// reason. Follows Telegram's theme (themeParams, or tgWebAppThemeParams in the hash).
import { useEffect, useState } from "react";
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

export function MiniAppSignIn({ scriptUrl, title, outside }: { scriptUrl: string; title: string; outside: string }) {
  const [state, setState] = useState<{ theme: Theme; status: "loading" | "outside" }>({ theme: {}, status: "loading" });

  useEffect(() => {
    const script = document.createElement("script");
    script.src = scriptUrl;
    const start = async () => {
      const { initData, theme } = launch();
      if (!initData) return setState({ theme, status: "outside" });
      setState({ theme, status: "loading" });
      const result = await signInFromMiniApp(initData);
      window.location.replace("ok" in result ? "/account" : `/login?error=${encodeURIComponent(result.error)}`);
    };
    // Without the script (blocked, say), the hash still carries the launch data.
    script.onload = start;
    script.onerror = start;
    document.head.append(script);
    return () => script.remove();
  }, [scriptUrl]);

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
