import type { Provider } from "next-auth/providers";

/** One sign-in method as the app knows it: how to build it and whether it is set up. */
export type ProviderEntry = {
  /** Auth.js provider id, also the Account.provider value. */
  id: string;
  /** The brand name, the same in every language. */
  name: string;
  /** Credentials are present, so the provider is offered. */
  configured: boolean;
  /** It talks to a local emulator (`npm run dev` without real credentials). */
  demo: boolean;
  create(): Provider;
};
