import { PROVIDER_IDS, PROVIDERS } from "../../lib/auth/providers/manifest";
import type { Faults } from "./faults";
import type { Request, Response } from "./http";

export type EmulatorContext = {
  /** Where the emulator server listens, e.g. http://127.0.0.1:3900. */
  baseUrl: string;
  /** The app origins whose callback URLs are registered, e.g. https://localhost:3000. */
  appUrls: string[];
  faults: Faults;
  /** The time in ms: Date.now, or a test's clock. */
  now: () => number;
};

export type ProviderEmulator = {
  /** Answers a request for `/<id><path>`; false when no endpoint matches. */
  handle(req: Request, res: Response, path: string, query: URLSearchParams): Promise<boolean>;
};

export type EmulatorDefinition = {
  /** The emulator's path prefix. */
  id: string;
  /** The app's provider ids it stands in for (emulatedBy: the manifest's entries naming this emulator). */
  providers: string[];
  /** The variables that point the app at this emulator (at `baseUrl`) with its demo client. */
  demoEnv(baseUrl: string): Record<string, string>;
  start(context: EmulatorContext): Promise<ProviderEmulator>;
};

export type Route = (req: Request, res: Response, query: URLSearchParams) => unknown;

/** An emulator answering from a table of "METHOD /path" routes (several keys may share a route). */
export function routes(table: Record<string, Route>): ProviderEmulator {
  return {
    async handle(req, res, path, query) {
      const route = table[`${req.method} ${path}`];
      if (!route) return false;
      await route(req, res, query);
      return true;
    },
  };
}

/** The app's provider ids an emulator stands in for, from lib/auth/providers/manifest.json. */
export const emulatedBy = (emulator: string) => PROVIDER_IDS.filter((id) => PROVIDERS[id].emulator === emulator);
