import { describe, expect, it } from "vitest";
import { describeError, readableReason, signInErrorReason } from "./sign-in-errors";

// Shapes as Auth.js 0.41 and oauth4webapi 3 throw them (see the e2e suite for the real thing).
const authError = (type: string, cause?: unknown) => Object.assign(new Error("x"), { type, cause });
const callbackRouteError = (err: unknown) => authError("CallbackRouteError", { err });
const oauthError = (code: string, message = "", cause?: unknown) => Object.assign(new Error(message), { code, cause });

describe("signInErrorReason", () => {
  it("tells a denied consent from another provider error", () => {
    expect(signInErrorReason(authError("OAuthCallbackError"), "access_denied")).toBe("denied");
    expect(signInErrorReason(authError("OAuthCallbackError"), "server_error")).toBe("provider-error");
    expect(signInErrorReason(authError("AccessDenied"))).toBe("denied");
  });

  it("treats a missing or mismatched state or PKCE cookie as an expired attempt", () => {
    expect(signInErrorReason(authError("InvalidCheck"))).toBe("expired");
    expect(
      signInErrorReason(callbackRouteError(oauthError("OAUTH_INVALID_RESPONSE", 'unexpected "state" response parameter value'))),
    ).toBe("expired");
  });

  it("reads token endpoint failures", () => {
    expect(signInErrorReason(callbackRouteError(oauthError("OAUTH_RESPONSE_BODY_ERROR")))).toBe("provider-error");
    const fivehundred = oauthError("OAUTH_RESPONSE_IS_NOT_CONFORM", "", new Response("", { status: 500 }));
    expect(signInErrorReason(callbackRouteError(fivehundred))).toBe("provider-error");
    const down = Object.assign(new TypeError("fetch failed"), { cause: { code: "UND_ERR_SOCKET" } });
    expect(signInErrorReason(callbackRouteError(down))).toBe("provider-unreachable");
    expect(signInErrorReason(callbackRouteError(oauthError("ECONNREFUSED")))).toBe("provider-unreachable");
  });

  it("reads id_token validation failures as failed security checks", () => {
    expect(signInErrorReason(callbackRouteError(oauthError("OAUTH_JWT_CLAIM_COMPARISON_FAILED", 'unexpected JWT "aud"')))).toBe(
      "provider-invalid",
    );
  });

  it("reads database failures as ours", () => {
    expect(signInErrorReason(authError("AdapterError"))).toBe("server");
    expect(signInErrorReason(callbackRouteError(oauthError("P1001")))).toBe("server");
  });

  it("says unknown for anything else, and survives odd input", () => {
    expect(signInErrorReason(new Error("boom"))).toBe("unknown");
    expect(signInErrorReason(undefined)).toBe("unknown");
    const loop: { cause?: unknown } = {};
    loop.cause = loop;
    expect(signInErrorReason(loop)).toBe("unknown");
  });
});

describe("readableReason", () => {
  it("passes our reasons through and maps Auth.js's codes", () => {
    expect(readableReason("denied")).toBe("denied");
    expect(readableReason("AccessDenied")).toBe("denied");
    expect(readableReason("Configuration")).toBe("unknown");
    expect(readableReason("<script>")).toBe("unknown");
    expect(readableReason(undefined)).toBeUndefined();
    // Auth.js's own /api/auth/error with no error: ?error=undefined.
    expect(readableReason("undefined")).toBeUndefined();
  });
});

describe("describeError", () => {
  it("gives one line with the type and every cause, without Auth.js's link", () => {
    const error = Object.assign(new Error("Read more at https://errors.authjs.dev#callbackrouteerror"), {
      type: "CallbackRouteError",
      cause: { err: Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }) }) },
    });
    expect(describeError(error)).toBe("CallbackRouteError — caused by: fetch failed — caused by: other side closed (UND_ERR_SOCKET)");
  });
});
