// Failures a test can ask an emulator for: `POST /_emulator/faults` with
// {"provider":"google","endpoint":"token","kind":"500","times":1,"person":"Anna 1f3e"}.
// Each armed fault fires on the next matching request(s) and is then gone; DELETE
// clears them all. With `person` (a test person's full name or email) it fires only on
// a request for that person's code or token, so tests running side by side, each with
// its own person, never meet each other's faults; without it (discovery, where nobody
// is chosen yet) it fires on the next request of anyone.
import type { Response } from "./http";
import { fullName, type TestUser } from "./users";
import { sendJson } from "./http";

export const faultKinds = [
  "500", // an HTTP 500 with an HTML body, as a crashing front end gives
  "503", // service unavailable
  "drop", // the connection is cut before any answer
  "slow", // the answer comes after `delayMs` (default 15 s)
  "error", // the provider's own error answer for that endpoint
  "wrong-aud", // id_token for another client
  "wrong-iss", // id_token from another issuer
  "wrong-nonce", // id_token with a nonce that was not sent
  "other-client", // user info for a token that was minted for another application
] as const;

export type FaultKind = (typeof faultKinds)[number];
export type Fault = { provider: string; endpoint: string; kind: FaultKind; times: number; delayMs?: number; person?: string };

export class Faults {
  #armed: Fault[] = [];

  arm(fault: Fault) {
    this.#armed.push(fault);
  }

  /** Clears every fault, or only those armed for one person. */
  clear(person?: string) {
    this.#armed = person ? this.#armed.filter((f) => f.person !== person) : [];
  }

  /** The fault to apply to this request, if one is armed (and counts it down). */
  take(provider: string, endpoint: string, user?: TestUser): Fault | undefined {
    const fault = this.#armed.find(
      (f) => f.provider === provider && f.endpoint === endpoint && (!f.person || (user && (f.person === fullName(user) || f.person === user.email))),
    );
    if (!fault) return undefined;
    fault.times -= 1;
    if (fault.times <= 0) this.#armed = this.#armed.filter((f) => f !== fault);
    return fault;
  }

  /**
   * Applies the transport-level faults (500, 503, drop, slow). Returns true when the
   * request has been answered (or dropped) and the endpoint must stop.
   */
  async applyTransport(fault: Fault | undefined, res: Response): Promise<boolean> {
    if (!fault) return false;
    switch (fault.kind) {
      case "500":
        res.writeHead(500, { "content-type": "text/html" });
        res.end("<html><body><h1>500. That's an error.</h1></body></html>");
        return true;
      case "503":
        sendJson(res, 503, { error: "temporarily_unavailable", error_description: "Service unavailable" });
        return true;
      case "drop":
        res.socket?.destroy();
        return true;
      case "slow":
        await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 15_000));
        return false;
      default:
        return false;
    }
  }
}
