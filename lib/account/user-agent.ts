// What a session list needs from a User-Agent header: the browser, the operating
// system and the kind of device, in words a person recognises ("Chrome on Windows").
// Not a full parser: the order of the checks below matters, because most browsers also
// claim to be Safari, Chrome and Mozilla.

export type DeviceKind = "desktop" | "phone" | "tablet" | "unknown";
export type UserAgentInfo = { browser: string | null; os: string | null; device: DeviceKind };

const BROWSERS: [RegExp, string][] = [
  [/YaBrowser\//, "Yandex Browser"],
  [/Edg(A|iOS)?\//, "Edge"],
  [/(OPR|Opera)\//, "Opera"],
  [/SamsungBrowser\//, "Samsung Internet"],
  [/Telegram(Bot|-Android|\/)|TelegramDesktop/, "Telegram"],
  [/HeadlessChrome\//, "Headless Chrome"],
  [/(Chrome|CriOS|Chromium)\//, "Chrome"],
  [/(Firefox|FxiOS)\//, "Firefox"],
  [/Version\/[\d.]+.*Safari\//, "Safari"],
  [/curl\//, "curl"],
];

const SYSTEMS: [RegExp, string][] = [
  [/iPad/, "iPadOS"],
  [/iPhone|iPod/, "iOS"],
  [/Android/, "Android"],
  [/CrOS/, "ChromeOS"],
  [/Windows/, "Windows"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/Linux/, "Linux"],
];

export function describeUserAgent(userAgent: string | null | undefined): UserAgentInfo {
  if (!userAgent) return { browser: null, os: null, device: "unknown" };
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1] ?? null;
  const os = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1] ?? null;
  let device: DeviceKind = os ? "desktop" : "unknown";
  if (/iPad|Tablet/.test(userAgent) || (os === "Android" && !/Mobile/.test(userAgent))) device = "tablet";
  else if (/Mobi|iPhone|iPod/.test(userAgent)) device = "phone";
  return { browser, os, device };
}
