// The shape of what the browser's WebAuthn call gave, as @simplewebauthn/browser hands
// it to a server action: checked loosely here, in full by the verifier (ceremony.ts).
import { z } from "zod";

export const passkeyAnswer = z.looseObject({ id: z.string().min(1).max(1024), rawId: z.string().max(1024), type: z.literal("public-key"), response: z.looseObject({}) });
