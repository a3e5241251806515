// The security log: what happened to an account and from where. Written by the
// sign-in flow and the account center, read on /account/activity and in the export.
// Old rows go after AUTH_SECURITY_LOG_RETENTION_DAYS (lib/retention.ts, on a schedule).
import "server-only";
import type { Prisma, PrismaClient } from "@prisma/client";
import { db as defaultDb } from "@/lib/db";
import { env } from "@/lib/env";
import { newId } from "@/lib/ids";
import { logEvent } from "@/lib/log";
import { ALERTED, sendAlert, type AlertKind } from "./alerts";

export const SECURITY_EVENT_TYPES = [
  "sign-in",
  "sign-in-failed",
  "reauthenticated",
  "linked",
  "link-pending",
  "link-unrequested",
  "unlinked",
  "session-revoked",
  "sessions-revoked",
  "profile-changed",
  "data-exported",
  "new-device",
  "locked",
  "alerts-changed",
  "second-factor-passed",
  "second-factor-failed",
  "second-factor-locked",
  "second-factor-signed-out",
  "totp-added",
  "totp-removed",
  "recovery-codes-made",
  "recovery-code-used",
  "second-factor-setting",
  "passkey-added",
  "passkey-renamed",
  "passkey-removed",
  "merge-offered",
  "merged",
  "merged-away",
] as const;

export type SecurityEventType = (typeof SECURITY_EVENT_TYPES)[number];

export type SecurityEventInput = {
  userId: string;
  type: SecurityEventType;
  provider?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  detail?: Record<string, string | number>;
};

export const LOG_PAGE_SIZE = 20;

/** Refusals that a flood could repeat: the same one again within this window adds to one row's count. */
const FOLDED: readonly SecurityEventType[] = ["sign-in-failed", "link-unrequested", "second-factor-failed"];
const FOLD_WINDOW_MS = 10 * 60 * 1000;

/**
 * Writes one event to the log (and sends its alert when it is one: lib/account/alerts.ts).
 * A refusal like one already logged for this account (same type, provider and detail)
 * within ten minutes only adds to that row's count, so a flood of replays is one entry with a
 * count instead of burying the account's activity.
 */
/** Events that are refusals or warnings (the rest are the account's ordinary history). */
const WARNED: readonly string[] = ["sign-in-failed", "locked", "link-unrequested", "second-factor-failed", "second-factor-locked", "second-factor-signed-out"];

export async function recordEvent(event: SecurityEventInput, db: Prisma.TransactionClient = defaultDb, now = new Date(), { alert = true } = {}) {
  logEvent(WARNED.includes(event.type) ? "warn" : "info", { event: "security-event", type: event.type, userId: event.userId, provider: event.provider, ip: event.ip, reason: event.detail?.reason });
  const detail = event.detail ? JSON.stringify(event.detail) : null;
  if (FOLDED.includes(event.type)) {
    const last = await db.securityEvent.findFirst({
      where: { userId: event.userId, type: event.type, provider: event.provider ?? null, detail, lastAt: { gte: new Date(now.getTime() - FOLD_WINDOW_MS) } },
      orderBy: { lastAt: "desc" },
      select: { id: true },
    });
    if (last) {
      await db.securityEvent.update({ where: { id: last.id }, data: { count: { increment: 1 }, lastAt: now, ip: event.ip ?? null, userAgent: event.userAgent ?? null } });
      return;
    }
  }
  // Raw SQL, the same on both databases: every sign-in writes an entry, and Prisma's
  // model query costs about five times as much. The id is cuid-shaped, as Prisma's are (lib/ids.ts).
  await db.$executeRaw`INSERT INTO "SecurityEvent" ("id", "userId", "type", "provider", "ip", "userAgent", "detail", "count", "lastAt", "createdAt")
    VALUES (${newId()}, ${event.userId}, ${event.type}, ${event.provider ?? null}, ${event.ip ?? null}, ${event.userAgent ?? null}, ${detail}, 1, ${now}, ${now})`;
  // A transaction's caller passes alert: false and sends it once committed (alertEvent).
  if (alert) alertEvent(event, db as PrismaClient);
}

/** The alert an event calls for, if any, sent in the background. */
export function alertEvent(event: SecurityEventInput, db: PrismaClient = defaultDb) {
  if ((ALERTED as readonly string[]).includes(event.type)) {
    sendAlert(db, event.userId, event.type as AlertKind, { ...event, count: typeof event.detail?.count === "number" ? event.detail.count : undefined });
  }
}

/** Deletes log rows older than the retention (AUTH_SECURITY_LOG_RETENTION_DAYS); lib/retention.ts calls it on a schedule. */
export async function pruneSecurityLog(db: PrismaClient = defaultDb, now = new Date()) {
  const before = new Date(now.getTime() - env.AUTH_SECURITY_LOG_RETENTION_DAYS * 24 * 60 * 60 * 1000);
  return (await db.securityEvent.deleteMany({ where: { createdAt: { lt: before } } })).count;
}

export type SecurityEventView = {
  id: string;
  type: SecurityEventType;
  /** How many times it happened (a folded burst of refusals), and the last time. */
  count: number;
  lastAt: Date;
  provider: string | null;
  ip: string | null;
  userAgent: string | null;
  detail: Record<string, string | number>;
  createdAt: Date;
};

function view(row: {
  id: string;
  type: string;
  provider: string | null;
  ip: string | null;
  userAgent: string | null;
  detail: string | null;
  count: number;
  lastAt: Date;
  createdAt: Date;
}): SecurityEventView {
  let detail: Record<string, string | number> = {};
  try {
    detail = row.detail ? (JSON.parse(row.detail) as Record<string, string | number>) : {};
  } catch {
    // A detail we cannot read is shown without it.
  }
  return { ...row, type: row.type as SecurityEventType, detail };
}

/**
 * Where a page of the log starts or ends: the time and id of its edge row, as
 * `<ms>_<id>` in the page's URL. The log pages by these (keyset), not by OFFSET, and
 * never counts the events: a page costs the same on the first page of a new account
 * and the last of 20,000 events (the index on userId and createdAt finds it).
 */
export type LogCursor = string;
const cursorOf = (row: { createdAt: Date; id: string }): LogCursor => `${row.createdAt.getTime()}_${row.id}`;

function parseCursor(cursor: string | undefined): { createdAt: Date; id: string } | null {
  const match = /^(\d{1,15})_([\w-]{1,64})$/.exec(cursor ?? "");
  return match ? { createdAt: new Date(Number(match[1])), id: match[2]! } : null;
}

/**
 * One page of a user's log, newest first: the newest page, the page of events just
 * older than `before`, or the page just newer than `after` (a cursor that is not one of
 * ours counts as none). `older` and `newer` are the cursors of the pages beside it.
 */
export async function securityLogPage(userId: string, { before, after }: { before?: string; after?: string } = {}, db: PrismaClient = defaultDb) {
  const edge = parseCursor(before) ?? parseCursor(after);
  const towardNewer = Boolean(edge && !parseCursor(before));
  const where = edge
    ? towardNewer
      ? { OR: [{ createdAt: { gt: edge.createdAt } }, { createdAt: edge.createdAt, id: { gt: edge.id } }] }
      : { OR: [{ createdAt: { lt: edge.createdAt } }, { createdAt: edge.createdAt, id: { lt: edge.id } }] }
    : {};
  const order = towardNewer ? ("asc" as const) : ("desc" as const);
  const found = await db.securityEvent.findMany({
    where: { userId, ...where },
    orderBy: [{ createdAt: order }, { id: order }],
    take: LOG_PAGE_SIZE + 1,
  });
  const more = found.length > LOG_PAGE_SIZE;
  const rows = found.slice(0, LOG_PAGE_SIZE);
  if (towardNewer) rows.reverse();
  // Past either end (a stale cursor): the newest page instead of an empty one.
  if (edge && rows.length === 0) return securityLogPage(userId, {}, db);
  const newest = rows[0];
  const oldest = rows.at(-1);
  return {
    events: rows.map(view),
    newer: newest && edge && (!towardNewer || more) ? cursorOf(newest) : null,
    older: oldest && (towardNewer || more) ? cursorOf(oldest) : null,
  };
}

/** Every row of a user's log, newest first (for the export). */
export async function securityLog(userId: string, db: PrismaClient = defaultDb) {
  const rows = await db.securityEvent.findMany({ where: { userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  return rows.map(view);
}
