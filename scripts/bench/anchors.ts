// The bench's anchors: what the app's numbers are measured against, built in the run
// from the project's own node_modules (so with the same Next.js, React and Auth.js):
//   - a blank Next.js app: a trivial route handler (the ceiling for anything that
//     answers JSON) and a blank page rendered per request (the floor of any page);
//   - stock Auth.js: next-auth with one Credentials provider and its default JWT
//     session, `/api/auth/session` and a protected page that calls auth().
// Written to the bench's own new temporary folder (outside the project: inside it,
// Next.js would take the project's own instrumentation.ts and proxy.ts into the
// anchor), with node_modules linked to the project's, and built there each run
// (about 10 s each).
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { bin, root, run } from "../lib/tasks.mjs";

type Files = Record<string, string>;

// The filesystem's root as Turbopack's: the linked node_modules lie outside the anchor's folder.
const config = `export default { turbopack: { root: "/" }, outputFileTracingRoot: "/" };\n`;
const layout = `export default function Layout({ children }) {
  return (<html lang="en"><body>{children}</body></html>);
}
`;

export const BLANK: Files = {
  "next.config.mjs": config,
  "app/layout.jsx": layout,
  "app/page.jsx": `export const dynamic = "force-dynamic";
export default function Page() {
  return <main><h1>Blank</h1></main>;
}
`,
  "app/api/ping/route.js": `export const dynamic = "force-dynamic";
export function GET() {
  return Response.json({ ok: true });
}
`,
};

export const STOCK_AUTH: Files = {
  "next.config.mjs": config,
  "auth.js": `import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";

export const { handlers, auth } = NextAuth({
  trustHost: true,
  providers: [Credentials({ credentials: { username: {} }, authorize: ({ username }) => (username ? { id: String(username), name: String(username) } : null) })],
});
`,
  "app/layout.jsx": layout,
  "app/api/auth/[...nextauth]/route.js": `import { handlers } from "../../../../auth.js";
export const { GET, POST } = handlers;
`,
  "app/protected/page.jsx": `import { redirect } from "next/navigation";
import { auth } from "../../auth.js";

export default async function Protected() {
  const session = await auth();
  if (!session) redirect("/api/auth/signin");
  return <main><h1>Signed in as {session.user.name}</h1></main>;
}
`,
};

/** Writes `files` to `dir` (a new folder) and builds them there; returns `dir`. */
export function buildAnchor(dir: string, files: Files, env: NodeJS.ProcessEnv): string {
  for (const [path, text] of Object.entries({ ...files, "package.json": JSON.stringify({ name: "vkhod-bench-anchor", private: true, type: "module" }) })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
  run(bin("next"), ["build"], { cwd: dir, env: { ...env, NEXT_DIST_DIR: "" } });
  return dir;
}
