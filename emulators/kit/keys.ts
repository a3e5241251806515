// An RS256 signing key per emulator run, published as a JWKS, as OIDC providers do.
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from "jose";
import { randomToken } from "./secrets";

export type SigningKey = {
  kid: string;
  jwks: { keys: JWK[] };
  sign(claims: JWTPayload): Promise<string>;
};

export async function createSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const kid = randomToken(12);
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
  return {
    kid,
    jwks: { keys: [jwk] },
    sign: (claims) => new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid, typ: "JWT" }).sign(privateKey),
  };
}
