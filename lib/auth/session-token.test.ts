import { encode as encodeJwe } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { issueSession, readSessionToken, sessionJwt, signSession, verifySession } from "./session-token";

const SECRET = "a-secret-of-at-least-thirty-two-characters";
const NAME = "__Secure-authjs.session-token";
const NOW = 1_800_000_000;
const claims = { sid: "cmx5s4fyz0000nj7d300nboxq", sub: "4d5b9e2c-ca0e-475b-832b-c9dce253cbb2", issuedAt: NOW, expiresAt: NOW + 3600 };

describe("the session cookie", () => {
  it("reads back what it was made with, and holds nothing but ids and times", () => {
    const token = signSession(claims, SECRET, NAME);
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[0-9a-z]+\.[0-9a-z]+\.[A-Za-z0-9_-]{43}$/);
    expect(token.length).toBeLessThan(160);
    expect(verifySession(token, SECRET, NAME, NOW + 10)).toEqual(claims);
  });

  it("is refused when any part is changed, or made with another secret or for another cookie", () => {
    const token = signSession(claims, SECRET, NAME);
    const parts = token.split(".");
    for (let i = 1; i < parts.length; i++) {
      const changed = [...parts];
      changed[i] = i === 1 ? "cmx5s4fyz0000nj7d300nboxr" : i === 2 ? "someone-else" : i === 5 ? `${parts[5]!.slice(0, -1)}A` : (parseInt(parts[i]!, 36) + 1).toString(36);
      expect(verifySession(changed.join("."), SECRET, NAME, NOW), `part ${i}`).toBeNull();
    }
    expect(verifySession(token, `${SECRET}!`, NAME, NOW)).toBeNull();
    expect(verifySession(token, SECRET, "authjs.session-token", NOW)).toBeNull();
    for (const junk of ["", "v1", "v1.....", `${token}.x`, token.replace("v1.", "v2."), `v1.a b.c.1.2.${parts[5]}`]) expect(verifySession(junk, SECRET, NAME, NOW)).toBeNull();
  });

  it("is refused once expired, and when issued further in the future than clocks drift", () => {
    const token = signSession(claims, SECRET, NAME);
    expect(verifySession(token, SECRET, NAME, NOW + 3599)).not.toBeNull();
    expect(verifySession(token, SECRET, NAME, NOW + 3600)).toBeNull();
    expect(verifySession(token, SECRET, NAME, NOW - 30)).not.toBeNull();
    expect(verifySession(token, SECRET, NAME, NOW - 120)).toBeNull();
  });

  it("still reads a cookie made before it (Auth.js's encrypted JWT), as due for replacing", async () => {
    const legacy = await encodeJwe({ token: { sid: claims.sid, sub: claims.sub, name: "Anna" }, secret: SECRET, salt: NAME, maxAge: 3600 });
    const read = await readSessionToken(legacy, SECRET, NAME);
    expect(read).toMatchObject({ sid: claims.sid, sub: claims.sub, issuedAt: 0 });
    expect(await readSessionToken(legacy, `${SECRET}!`, NAME)).toBeNull();
    const noSession = await encodeJwe({ token: { sub: claims.sub }, secret: SECRET, salt: NAME, maxAge: 3600 });
    expect(await readSessionToken(noSession, SECRET, NAME)).toBeNull();
  });

  it("is what Auth.js makes and reads for the session cookie; its other cookies stay encrypted JWTs", async () => {
    const token = await sessionJwt.encode({ token: { sid: claims.sid, sub: claims.sub, name: "Anna", email: "anna@example.com" }, secret: SECRET, salt: NAME, maxAge: 3600 });
    expect(token.startsWith("v1.")).toBe(true);
    expect(token).not.toContain("Anna");
    expect(await sessionJwt.decode({ token, secret: SECRET, salt: NAME })).toMatchObject({ sid: claims.sid, sub: claims.sub });
    await expect(sessionJwt.encode({ token: { sub: claims.sub }, secret: SECRET, salt: NAME })).rejects.toThrow();

    const pkce = await sessionJwt.encode({ token: { value: "verifier" }, secret: SECRET, salt: "__Secure-authjs.pkce.code_verifier", maxAge: 900 });
    expect(pkce.split(".")).toHaveLength(5);
    expect(await sessionJwt.decode({ token: pkce, secret: SECRET, salt: "__Secure-authjs.pkce.code_verifier" })).toMatchObject({ value: "verifier" });
  });

  it("is issued with a fresh expiry", () => {
    const token = issueSession(claims, SECRET, NAME, 600, NOW + 100);
    expect(verifySession(token, SECRET, NAME, NOW + 101)).toEqual({ ...claims, issuedAt: NOW + 100, expiresAt: NOW + 700 });
  });
});
