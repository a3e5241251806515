import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", ".next-*/**", "next-env.d.ts", "data/**", "test-results/**", "playwright-report/**"]),
  {
    rules: {
      // Avatars come from every provider's own host (and the emulators); next/image would
      // need each host listed and would proxy third-party pictures through our server.
      "@next/next/no-img-element": "off",
      // `const { dropped, ...rest } = x` is how we remove a field.
      "@typescript-eslint/no-unused-vars": ["warn", { ignoreRestSiblings: true }],
    },
  },
  {
    // Routes, pages and actions ask lib/ for data; queries live there.
    files: ["app/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-syntax": [
        "error",
        { selector: "CallExpression[callee.object.object.name='db']", message: "Query the database in lib/, not in app/." },
      ],
    },
  },
  {
    // Shared components serve every page: they never reach into one.
    files: ["components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/app/*", "**/app/*"], message: "components/ and lib/ never import from app/." }] }],
    },
  },
]);
