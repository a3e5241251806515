// Brand marks for the sign-in buttons, drawn inline so no request leaves the page: one
// per identity, whichever way in (VK ID and legacy VK, Telegram's four) a provider id names.
import { accountProvider } from "@/lib/identity";

export function ProviderIcon({ id }: { id: string }) {
  switch (accountProvider(id)) {
    case "google":
      return (
        <svg aria-hidden="true" viewBox="0 0 48 48" className="size-5">
          <path fill="#FFC107" d="M43.6 20.5H42V20H24v8h11.3C33.7 32.7 29.2 36 24 36c-6.6 0-12-5.4-12-12s5.4-12 12-12c3.1 0 5.8 1.2 7.9 3.1l5.7-5.7C34 6.1 29.3 4 24 4 12.9 4 4 12.9 4 24s8.9 20 20 20 20-8.9 20-20c0-1.3-.1-2.4-.4-3.5z" />
          <path fill="#FF3D00" d="M6.3 14.7l6.6 4.8C14.7 15.1 19 12 24 12c3.1 0 5.8 1.2 7.9 3.1l5.7-5.7C34 6.1 29.3 4 24 4 16.3 4 9.7 8.3 6.3 14.7z" />
          <path fill="#4CAF50" d="M24 44c5.2 0 9.9-2 13.4-5.2l-6.2-5.2C29.2 35.1 26.7 36 24 36c-5.2 0-9.6-3.3-11.3-7.9l-6.5 5C9.5 39.6 16.2 44 24 44z" />
          <path fill="#1976D2" d="M43.6 20.5H42V20H24v8h11.3c-.8 2.2-2.2 4.2-4.1 5.6l6.2 5.2C37 39.2 44 34 44 24c0-1.3-.1-2.4-.4-3.5z" />
        </svg>
      );
    case "vk":
      return <Mark colour="#0077FF" text="VK" />;
    case "yandex":
      return <Mark colour="#FC3F1D" text="Я" round />;
    case "telegram":
      return <Mark colour="#229ED9" text="tg" round />;
    case "ok":
      return <Mark colour="#EE8208" text="ok" />;
    default:
      return (
        <span aria-hidden="true" className="inline-flex size-5 items-center justify-center rounded bg-slate-200 text-xs font-bold text-slate-700">
          {id[0]?.toUpperCase()}
        </span>
      );
  }
}

/**
 * A brand's letters on its colour: recognisable, and no third-party asset to load. A
 * logo, drawn as one (an SVG image with no name: the button says whose it is), so its
 * brand colours need not meet text contrast.
 */
function Mark({ colour, text, round = false }: { colour: string; text: string; round?: boolean }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" className="size-5 shrink-0">
      {round ? <circle cx="10" cy="10" r="10" fill={colour} /> : <rect width="20" height="20" rx="5" fill={colour} />}
      <text x="10" y="13.5" textAnchor="middle" fontSize="9" fontWeight="700" fill="#fff" fontFamily="system-ui, sans-serif">
        {text}
      </text>
    </svg>
  );
}
