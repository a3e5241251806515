import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providerFetch } from "./fetch";

// A provider that takes the request and never answers (AUTH_PROVIDER_TIMEOUT_MS is
// 300 ms in vitest.config.ts).
let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((req) => {
    if (req.url === "/fast") req.socket.end("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe("providerFetch", () => {
  it("gives up on a provider that does not answer, with a TimeoutError", async () => {
    await expect(providerFetch(`${url}/hang`)).rejects.toMatchObject({ name: "TimeoutError" });
  });

  it("answers as fetch does when the provider is quick", async () => {
    expect(await (await providerFetch(`${url}/fast`)).text()).toBe("ok");
  });

  it("still honours the caller's own abort", async () => {
    const controller = new AbortController();
    const pending = providerFetch(`${url}/hang`, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });
});
