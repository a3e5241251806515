// Small HTTP helpers shared by every provider emulator. Plain node:http, no framework.
import type { IncomingMessage, ServerResponse } from "node:http";

export type Request = IncomingMessage & { url: string; method: string };
export type Response = ServerResponse;

const MAX_BODY = 64 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error("request body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Form fields from an application/x-www-form-urlencoded body (empty for other types). */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const body = await readBody(req);
  const type = req.headers["content-type"] ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded")) return new URLSearchParams();
  return new URLSearchParams(body);
}

/** Rejects a form that names a parameter twice, as OAuth servers must (RFC 6749 §3.1). */
export function repeatedParam(params: URLSearchParams): string | undefined {
  const seen = new Set<string>();
  for (const key of params.keys()) {
    if (seen.has(key)) return key;
    seen.add(key);
  }
  return undefined;
}

export function sendJson(res: Response, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendHtml(res: Response, status: number, html: string) {
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "content-length": Buffer.byteLength(html),
  });
  res.end(html);
}

export function redirect(res: Response, location: string) {
  res.writeHead(302, { location, "cache-control": "no-store" });
  res.end();
}

/** Credentials from an HTTP Basic Authorization header (RFC 6749 §2.3.1 form-decodes them). */
export function basicCredentials(req: IncomingMessage): { id: string; secret: string } | undefined {
  const header = req.headers.authorization;
  if (!header?.toLowerCase().startsWith("basic ")) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  const decode = (value: string) => decodeURIComponent(value.replace(/\+/g, " "));
  try {
    return { id: decode(decoded.slice(0, colon)), secret: decode(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

export function bearerToken(req: IncomingMessage, scheme = "bearer"): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const [given, token] = header.split(/\s+/, 2);
  return given?.toLowerCase() === scheme && token ? token : undefined;
}

export const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** Parameters from the query string and a form body together (some providers take either). */
export async function readQueryAndForm(req: IncomingMessage, query: URLSearchParams): Promise<URLSearchParams> {
  const merged = new URLSearchParams(query);
  for (const [key, value] of await readForm(req)) merged.append(key, value);
  return merged;
}
