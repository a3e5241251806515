// How a load of /telegram/app was reached, from the headers the browser sets itself.
import { describe, expect, it } from "vitest";
import { miniAppContext } from "./mini-app-context";

const LAUNCHER = "http://127.0.0.1:3900";
const context = (headers: Record<string, string>) => miniAppContext(new Headers(headers), [LAUNCHER]);

describe("miniAppContext", () => {
  it("trusts a frame (frame-ancestors names who may frame it) and the browser's own opening", () => {
    expect(context({ "sec-fetch-dest": "iframe", "sec-fetch-site": "cross-site" })).toBe("framed");
    expect(context({ "sec-fetch-site": "none", "sec-fetch-dest": "document" })).toBe("webview");
    expect(context({ "sec-fetch-site": "same-origin" })).toBe("webview");
    expect(context({})).toBe("webview");
  });

  it("refuses another site's navigation, with or without a Referer, unless it is a configured launcher", () => {
    expect(context({ "sec-fetch-site": "cross-site", referer: "http://evil.test/" })).toBe("refused");
    expect(context({ "sec-fetch-site": "cross-site" })).toBe("refused");
    expect(context({ "sec-fetch-site": "same-site", referer: "https://sub.example.com/" })).toBe("refused");
    // Telegram Web itself is not a launcher: a link posted in a chat would come from it too.
    expect(context({ "sec-fetch-site": "cross-site", referer: "https://web.telegram.org/k/" })).toBe("refused");
    expect(context({ "sec-fetch-site": "cross-site", referer: "not a url" })).toBe("refused");
    expect(context({ "sec-fetch-site": "cross-site", referer: `${LAUNCHER}/telegram/webapp` })).toBe("client");
  });
});
