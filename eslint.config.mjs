import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", ".next-test/**", "next-env.d.ts", "data/**", "test-results/**", "playwright-report/**"]),
  {
    rules: {
      // Avatars come from every provider's own host (and the emulators); next/image would
      // need each host listed and would proxy third-party pictures through our server.
      "@next/next/no-img-element": "off",
      // `const { dropped, ...rest } = x` is how we remove a field.
      "@typescript-eslint/no-unused-vars": ["warn", { ignoreRestSiblings: true }],
    },
  },
]);
