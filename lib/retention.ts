// What Vkhod keeps, and for how long. On a schedule (every AUTH_RETENTION_INTERVAL
// seconds, on the one instance holding the "retention" lease), everything past its
// retention is deleted:
//   - session records that ended (signed out, revoked or expired) more than
//     AUTH_SESSION_RETENTION_DAYS ago, with the IP address and browser they keep;
//   - security log entries older than AUTH_SECURITY_LOG_RETENTION_DAYS;
//   - bot-login requests an hour past their expiry (used, denied or never answered;
//     the hour lets a late Start be told "expired" rather than "unknown");
//   - one-time values no one can use any more: used Telegram payloads and handled bot
//     updates past their window, pending links, link intents, abuse-limit counters;
//   - browsers not seen on an account for a year (their next sign-in is a "new device").
import "server-only";
import { errorMessage, logEvent } from "@/lib/log";
import type { PrismaClient } from "@prisma/client";
import { pruneSecurityLog } from "@/lib/account/security-log";
import { db as defaultDb } from "@/lib/db";
import { env } from "@/lib/env";
import { holdLease, releaseLease } from "@/lib/leases";

const DAY = 24 * 60 * 60 * 1000;
const BOT_LOGIN_GRACE_MS = 60 * 60 * 1000;
const DEVICE_RETENTION_MS = 365 * DAY;

export type Pruned = Record<"sessions" | "securityEvents" | "botLogins" | "usedPayloads" | "pendingLinks" | "linkIntents" | "limitCounters" | "devices", number>;

export async function pruneExpired(db: PrismaClient = defaultDb, now = new Date()): Promise<Pruned> {
  const ended = new Date(now.getTime() - env.AUTH_SESSION_RETENTION_DAYS * DAY);
  const [sessions, botLogins, usedPayloads, pendingLinks, linkIntents, limitCounters, devices] = await Promise.all([
    db.loginSession.deleteMany({ where: { OR: [{ revokedAt: { lt: ended } }, { expiresAt: { lt: ended } }] } }),
    db.telegramBotLogin.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - BOT_LOGIN_GRACE_MS) } } }),
    db.usedTelegramPayload.deleteMany({ where: { expiresAt: { lt: now } } }),
    db.pendingLink.deleteMany({ where: { expiresAt: { lt: now } } }),
    db.linkIntent.deleteMany({ where: { expiresAt: { lt: now } } }),
    db.rateLimiterFlexible.deleteMany({ where: { expire: { lt: now } } }),
    db.knownDevice.deleteMany({ where: { lastSeenAt: { lt: new Date(now.getTime() - DEVICE_RETENTION_MS) } } }),
  ]);
  return {
    sessions: sessions.count,
    securityEvents: await pruneSecurityLog(db, now),
    botLogins: botLogins.count,
    usedPayloads: usedPayloads.count,
    pendingLinks: pendingLinks.count,
    linkIntents: linkIntents.count,
    limitCounters: limitCounters.count,
    devices: devices.count,
  };
}

const LEASE = "retention";

/**
 * Runs pruneExpired now and every AUTH_RETENTION_INTERVAL seconds, on one instance at a
 * time. Returns a stop function (lib/shutdown.ts calls it at a SIGTERM): no run after
 * it, the one under way finished, and the lease given back, so that another instance
 * prunes next rather than none until the lease runs out.
 */
export function scheduleRetention(): () => Promise<void> {
  const intervalMs = env.AUTH_RETENTION_INTERVAL * 1000;
  let running: Promise<void> = Promise.resolve();
  const run = async () => {
    try {
      // Held for most of an interval: the instance that pruned prunes next time too.
      if (!(await holdLease(defaultDb, LEASE, intervalMs * 1.5))) return;
      const pruned = await pruneExpired();
      const deleted = Object.entries(pruned).filter(([, n]) => n > 0);
      if (deleted.length) logEvent("info", { event: "retention", deleted: Object.fromEntries(deleted) });
    } catch (error) {
      logEvent("error", { event: "retention-failed", error: errorMessage(error) });
    }
  };
  const start = () => void (running = run());
  start();
  const timer = setInterval(start, intervalMs).unref();
  return async () => {
    clearInterval(timer);
    await running;
    await releaseLease(defaultDb, LEASE);
  };
}
