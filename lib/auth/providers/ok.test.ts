import { describe, expect, it } from "vitest";
import { okSignature } from "./ok";

// A worked example, computed by hand from OK's documented rule:
//   secret_key = md5("-s-AbCdEf0123" + "0123456789ABCDEF") = 0b31e8c1844508f763d9aa7837a75de8
//   string     = "application_key=CBAQPLMKEBABABABAfields=uid,name,emailformat=jsonmethod=users.getCurrentUser"
//   sig        = md5(string + secret_key)                  = 4cdf1d9e60651151da8665eea21d6e43
describe("okSignature", () => {
  const params = {
    method: "users.getCurrentUser",
    format: "json",
    application_key: "CBAQPLMKEBABABABA",
    fields: "uid,name,email",
  };

  it("matches the worked example", () => {
    expect(okSignature(params, "-s-AbCdEf0123", "0123456789ABCDEF")).toBe("4cdf1d9e60651151da8665eea21d6e43");
  });

  it("leaves access_token, session_key and sig out of the signed string", () => {
    expect(okSignature({ ...params, access_token: "x", session_key: "y", sig: "z" }, "-s-AbCdEf0123", "0123456789ABCDEF")).toBe(
      "4cdf1d9e60651151da8665eea21d6e43",
    );
  });

  it("changes with any parameter, the token or the secret", () => {
    const sig = okSignature(params, "-s-AbCdEf0123", "0123456789ABCDEF");
    expect(okSignature({ ...params, fields: "uid" }, "-s-AbCdEf0123", "0123456789ABCDEF")).not.toBe(sig);
    expect(okSignature(params, "-s-other", "0123456789ABCDEF")).not.toBe(sig);
    expect(okSignature(params, "-s-AbCdEf0123", "other")).not.toBe(sig);
  });
});
