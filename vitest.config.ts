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
    // lib/env.ts validates the environment on import; provider modules read it.
    env: { AUTH_SECRET: "unit-tests-only-secret-0123456789abcdef" },
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "e2e/**", ".next/**"],
    reporters: ["default", ["json", { outputFile: "test-results/unit.json" }]],
  },
});
