// The security log: what happened to an account and from where. Written by the
// sign-in flow and the account center, read on /account/activity and in the export.
// Old rows go after AUTH_SECURITY_LOG_RETENTION_DAYS; the prune runs at most once an
// hour per app instance, piggybacking on a write.
import "server-only";
import type { PrismaClient } from "@prisma/client";
import { db as defaultDb } from "@/lib/db";
import { env } from "@/lib/env";

export const SECURITY_EVENT_TYPES = [
  "sign-in",
  "sign-in-failed",
  "reauthenticated",
  "linked",
  "link-pending",
  "unlinked",
  "session-revoked",
  "sessions-revoked",
  "profile-changed",
  "data-exported",
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
const PRUNE_EVERY_MS = 60 * 60 * 1000;
let lastPruneAt = 0;

export async function recordEvent(event: SecurityEventInput, db: PrismaClient = defaultDb, now = new Date()) {
  await db.securityEvent.create({
    data: {
      userId: event.userId,
      type: event.type,
      provider: event.provider ?? null,
      ip: event.ip ?? null,
      userAgent: event.userAgent ?? null,
      detail: event.detail ? JSON.stringify(event.detail) : null,
      createdAt: now,
    },
  });
  if (now.getTime() - lastPruneAt >= PRUNE_EVERY_MS) {
    lastPruneAt = now.getTime();
    await pruneSecurityLog(db, now);
  }
}

/** Deletes log rows older than the retention, and pending links that have expired. */
export async function pruneSecurityLog(db: PrismaClient = defaultDb, now = new Date()) {
  const before = new Date(now.getTime() - env.AUTH_SECURITY_LOG_RETENTION_DAYS * 24 * 60 * 60 * 1000);
  const [events] = await db.$transaction([
    db.securityEvent.deleteMany({ where: { createdAt: { lt: before } } }),
    db.pendingLink.deleteMany({ where: { expiresAt: { lt: now } } }),
  ]);
  return events.count;
}

export type SecurityEventView = {
  id: string;
  type: SecurityEventType;
  provider: string | null;
  ip: string | null;
  userAgent: string | null;
  detail: Record<string, string | number>;
  createdAt: Date;
};

function view(row: { id: string; type: string; provider: string | null; ip: string | null; userAgent: string | null; detail: string | null; createdAt: Date }): SecurityEventView {
  let detail: Record<string, string | number> = {};
  try {
    detail = row.detail ? (JSON.parse(row.detail) as Record<string, string | number>) : {};
  } catch {
    // A detail we cannot read is shown without it.
  }
  return { ...row, type: row.type as SecurityEventType, detail };
}

/** One page (1-based) of a user's log, newest first, and how many pages there are. */
export async function securityLogPage(userId: string, page: number, db: PrismaClient = defaultDb) {
  const total = await db.securityEvent.count({ where: { userId } });
  const pages = Math.max(1, Math.ceil(total / LOG_PAGE_SIZE));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  const rows = await db.securityEvent.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (current - 1) * LOG_PAGE_SIZE,
    take: LOG_PAGE_SIZE,
  });
  return { events: rows.map(view), page: current, pages, total };
}

/** Every row of a user's log, newest first (for the export). */
export async function securityLog(userId: string, db: PrismaClient = defaultDb) {
  const rows = await db.securityEvent.findMany({ where: { userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  return rows.map(view);
}
