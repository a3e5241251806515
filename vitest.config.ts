import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL(".", import.meta.url)),
      // `server-only` throws outside React server components; unit tests are server code.
      "server-only": fileURLToPath(new URL("./lib/testing/server-only.ts", import.meta.url)),
    },
  },
  test: {
    environment: "node",
    // next-auth imports "next/server" without an extension, which Node's own ESM
    // resolver refuses; let Vite resolve it instead.
    server: { deps: { inline: ["next-auth"] } },
    // lib/env.ts validates the environment on import; provider modules read it.
    env: { AUTH_SECRET: "unit-tests-only-secret-0123456789abcdef", AUTH_PROVIDER_TIMEOUT_MS: "300" },
    include: ["**/*.test.ts"],
    // One migrated database for the run; each test file copies it.
    globalSetup: ["./lib/testing/global-setup.ts"],
    exclude: ["node_modules/**", "e2e/**", ".next/**", ".next-*/**"],
    reporters: ["default", ["json", { outputFile: "test-results/unit.json" }]],
  },
});
