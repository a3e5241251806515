import { describe, expect, it } from "vitest";
import { clientInfoFrom } from "./request-context";

const headers = (forwardedFor: string) => new Headers({ "x-forwarded-for": forwardedFor, "user-agent": "Firefox" });

describe("clientInfoFrom", () => {
  it("takes the address our own proxy saw, not what the client claims", () => {
    // The client claimed 6.6.6.6; nginx appended the address it saw.
    expect(clientInfoFrom(headers("6.6.6.6, 203.0.113.7"), 1)).toEqual({ ip: "203.0.113.7", userAgent: "Firefox" });
    // A CDN in front of nginx: two hops are ours.
    expect(clientInfoFrom(headers("6.6.6.6, 198.51.100.4, 10.0.0.2"), 2).ip).toBe("198.51.100.4");
    // Next.js alone: the socket's address, the only entry.
    expect(clientInfoFrom(headers("127.0.0.1"), 1).ip).toBe("127.0.0.1");
    expect(clientInfoFrom(headers("127.0.0.1"), 3).ip).toBe("127.0.0.1");
  });

  it("says nothing rather than something made up", () => {
    expect(clientInfoFrom(new Headers(), 1)).toEqual({ ip: null, userAgent: null });
    expect(clientInfoFrom(new Headers({ "x-real-ip": "192.0.2.1" }), 1).ip).toBe("192.0.2.1");
  });
});
