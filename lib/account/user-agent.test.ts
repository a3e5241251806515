import { describe, expect, it } from "vitest";
import { describeUserAgent } from "./user-agent";

// Real User-Agent strings, as the browsers send them.
const cases: [string, string, ReturnType<typeof describeUserAgent>][] = [
  [
    "Chrome on Windows",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    { browser: "Chrome", os: "Windows", device: "desktop" },
  ],
  [
    "Safari on an iPhone",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    { browser: "Safari", os: "iOS", device: "phone" },
  ],
  [
    "Safari on an iPad",
    "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
    { browser: "Safari", os: "iPadOS", device: "tablet" },
  ],
  [
    "Yandex Browser on Android",
    "Mozilla/5.0 (Linux; arm_64; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 YaBrowser/24.10.1.94.00 SA/3 Mobile Safari/537.36",
    { browser: "Yandex Browser", os: "Android", device: "phone" },
  ],
  [
    "Chrome on an Android tablet",
    "Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
    { browser: "Chrome", os: "Android", device: "tablet" },
  ],
  [
    "Firefox on Linux",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    { browser: "Firefox", os: "Linux", device: "desktop" },
  ],
  [
    "Edge on macOS",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
    { browser: "Edge", os: "macOS", device: "desktop" },
  ],
  [
    "Opera on Windows",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 OPR/115.0.0.0",
    { browser: "Opera", os: "Windows", device: "desktop" },
  ],
  [
    "Safari on macOS",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    { browser: "Safari", os: "macOS", device: "desktop" },
  ],
  ["curl", "curl/8.5.0", { browser: "curl", os: null, device: "unknown" }],
];

describe("describeUserAgent", () => {
  it.each(cases)("recognises %s", (_name, userAgent, expected) => {
    expect(describeUserAgent(userAgent)).toEqual(expected);
  });

  it("says nothing it does not know", () => {
    expect(describeUserAgent(null)).toEqual({ browser: null, os: null, device: "unknown" });
    expect(describeUserAgent("")).toEqual({ browser: null, os: null, device: "unknown" });
    expect(describeUserAgent("SomethingNew/1.0")).toEqual({ browser: null, os: null, device: "unknown" });
  });
});
