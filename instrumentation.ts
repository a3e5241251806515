// Runs once when the server starts: lib/start.ts, in Node.js only. The import is behind
// the runtime check so that the Edge build (which compiles this file too) never sees
// Node.js's APIs, and `next dev` does not warn about them on every request.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") await (await import("./lib/start")).start();
}
