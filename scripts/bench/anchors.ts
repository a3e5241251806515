// The bench's anchors: what the app's numbers are measured against, built in the run
// from the project's own node_modules (so with the same Next.js, React and Auth.js):
//   - a blank Next.js app: a trivial route handler (the ceiling for anything that
//     answers JSON) and a blank page rendered per request (the floor of any page);
//   - stock Auth.js: next-auth with one Credentials provider and its default JWT
//     session, `/api/auth/session` and a protected page that calls auth().
// Written to a folder of the system's temporary directory, outside the project (inside
// it, Next.js would take the project's own instrumentation.ts and proxy.ts into the
// anchor), with node_modules linked to the project's; built with `next build` unless
// already built from the same sources and lockfile.
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createHash } from "node:crypto";
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

/** Writes `files` to <tmp>/vkhod-bench-anchors/<name> and builds it (again only when they changed); returns its folder. */
export function buildAnchor(name: string, files: Files, env: NodeJS.ProcessEnv): string {
  const dir = join(tmpdir(), "vkhod-bench-anchors", name);
  const fingerprint = createHash("sha256").update(JSON.stringify(files)).update(readFileSync(join(root, "package-lock.json"))).digest("hex");
  const stamp = join(dir, ".built");
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === fingerprint && existsSync(join(dir, ".next", "BUILD_ID"))) return dir;
  rmSync(dir, { recursive: true, force: true });
  for (const [path, text] of Object.entries({ ...files, "package.json": JSON.stringify({ name: `bench-${name}`, private: true, type: "module" }) })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
  run(bin("next"), ["build"], { cwd: dir, env: { ...env, NEXT_DIST_DIR: "" } });
  writeFileSync(stamp, fingerprint);
  return dir;
}
