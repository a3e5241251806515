// One HTTP server that hosts every provider emulator, each under /<provider>/.
// Loopback only. Also serves test avatars and a control endpoint for fault injection.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { googleEmulator } from "./google";
import { okEmulator } from "./ok";
import { telegramEmulator } from "./telegram";
import { vkEmulator } from "./vk";
import { vkidEmulator } from "./vkid";
import { yandexEmulator } from "./yandex";
import { faultKinds, Faults, type FaultKind } from "./kit/faults";
import { escapeHtml, readBody, sendHtml, sendJson, type Request } from "./kit/http";
import { sendAvatar } from "./kit/avatars";
import type { EmulatorDefinition, ProviderEmulator } from "./kit/types";

export const emulatorDefinitions: readonly EmulatorDefinition[] = [googleEmulator, vkidEmulator, vkEmulator, yandexEmulator, okEmulator, telegramEmulator];

const allProviders = emulatorDefinitions.flatMap((d) => d.providers);

/** The emulators that stand in for these app providers (all of them by default). */
function definitionsFor(providers: string[]): EmulatorDefinition[] {
  const unknown = providers.filter((p) => !allProviders.includes(p));
  if (unknown.length) throw new Error(`no emulator for provider "${unknown.join(", ")}" (have: ${allProviders.join(", ")})`);
  return emulatorDefinitions.filter((d) => d.providers.some((p) => providers.includes(p)));
}

/** Every variable the app needs to use the emulators at `baseUrl` (AUTH_DEMO_PROVIDERS included). */
export function demoAppEnv(baseUrl: string, providers = allProviders): Record<string, string> {
  return Object.assign({ AUTH_DEMO_PROVIDERS: providers.join(",") }, ...definitionsFor(providers).map((d) => d.demoEnv(baseUrl)));
}

export type EmulatorServer = {
  url: string;
  server: Server;
  providers: string[];
  /** Every variable the app needs to use these emulators (AUTH_DEMO_PROVIDERS included). */
  appEnv: Record<string, string>;
  faults: Faults;
  close(): Promise<void>;
};

export type EmulatorOptions = {
  /** The app origins whose callback URLs every demo client registers. */
  appUrls: string[];
  /** The app providers to stand in for (default: all). */
  providers?: string[];
  port?: number;
  host?: string;
  /** The time in ms for codes and tokens (tests pass a clock they can move). */
  now?: () => number;
};

export async function startEmulators(options: EmulatorOptions): Promise<EmulatorServer> {
  const host = options.host ?? "127.0.0.1";
  const faults = new Faults();
  const providers = new Map<string, ProviderEmulator>();
  // Requests wait until every provider is set up (signing keys take a moment): the
  // server must listen first to know its own URL.
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const server = createServer((req, res) => {
    ready.then(() => handle(req as Request, res)).catch((error: unknown) => {
      console.error("[emulators]", error);
      if (!res.headersSent) sendJson(res, 500, { error: "server_error", error_description: String(error) });
      else res.end();
    });
  });

  async function handle(req: Request, res: import("node:http").ServerResponse) {
    const url = new URL(req.url, "http://emulator");
    const path = url.pathname;
    if (path === "/_emulator/health") return sendJson(res, 200, { ok: true, providers: [...providers.keys()] });
    if (path === "/_emulator/faults") {
      if (req.method === "DELETE") {
        faults.clear(url.searchParams.get("person") ?? undefined);
        return sendJson(res, 200, { ok: true });
      }
      if (req.method === "POST") {
        const body = JSON.parse((await readBody(req)) || "{}") as Record<string, unknown>;
        if (typeof body.provider !== "string" || typeof body.endpoint !== "string" || !faultKinds.includes(body.kind as FaultKind)) {
          return sendJson(res, 400, { error: `need provider, endpoint and kind (${faultKinds.join(", ")})` });
        }
        faults.arm({
          provider: body.provider,
          endpoint: body.endpoint,
          kind: body.kind as FaultKind,
          times: typeof body.times === "number" ? body.times : 1,
          delayMs: typeof body.delayMs === "number" ? body.delayMs : undefined,
          person: typeof body.person === "string" && body.person ? body.person : undefined,
        });
        return sendJson(res, 200, { ok: true });
      }
    }
    if (path === "/favicon.ico") {
      res.writeHead(204);
      return res.end();
    }
    const avatar = /^\/avatars\/([^/]+)\.svg$/.exec(path);
    if (avatar) return sendAvatar(res, decodeURIComponent(avatar[1]!), url.searchParams.get("label") ?? "?");
    if (path === "/") {
      const items = [...providers.keys()].map((id) => `<li>${escapeHtml(id)}: <code>${escapeHtml(`${base}/${id}`)}</code></li>`).join("");
      return sendHtml(res, 200, `<!doctype html><meta charset="utf-8"><title>Vkhod emulators</title><h1>Vkhod provider emulators</h1><ul>${items}</ul>`);
    }
    const [, id, ...rest] = path.split("/");
    const provider = providers.get(id ?? "");
    if (provider && (await provider.handle(req, res, `/${rest.join("/")}`, url.searchParams))) return;
    sendJson(res, 404, { error: "not_found", path });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const base = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  const wanted = options.providers ?? allProviders;
  const context = { baseUrl: base, appUrls: options.appUrls.map((u) => u.replace(/\/+$/, "")), faults, now: options.now ?? Date.now };
  for (const definition of definitionsFor(wanted)) providers.set(definition.id, await definition.start(context));
  markReady();

  return {
    url: base,
    server,
    providers: [...providers.keys()],
    faults,
    appEnv: demoAppEnv(base, wanted),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
