// "Download your data": everything Vkhod keeps about a user, as JSON. No secrets: no
// provider tokens (none are stored), no session ids (the cookie carries them), no
// hashes of Telegram payloads or browser secrets, and of the second factor only that
// it is there: never the authenticator app's secret nor the recovery codes' hashes, and
// of passkeys their names and dates, not their credential ids or keys.
import "server-only";
import type { PrismaClient } from "@prisma/client";
import { securityLog } from "./security-log";
import { describeUserAgent } from "./user-agent";

export async function exportUserData(db: PrismaClient, userId: string, now = new Date()) {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    include: {
      accounts: { orderBy: { createdAt: "asc" } },
      sessions: { orderBy: { createdAt: "desc" } },
      totp: { select: { confirmedAt: true } },
      recoveryCodes: { select: { createdAt: true, usedAt: true } },
      passkeys: { select: { name: true, createdAt: true, lastUsedAt: true, deviceType: true, backedUp: true }, orderBy: { createdAt: "asc" } },
    },
  });
  const pending = await db.pendingLink.findMany({ where: { userId, expiresAt: { gt: now } }, orderBy: { createdAt: "desc" } });
  return {
    format: "vkhod-export/1",
    exportedAt: now.toISOString(),
    user: {
      id: user.id,
      name: user.name,
      email: user.email,
      emailVerifiedAt: user.emailVerified?.toISOString() ?? null,
      image: user.image,
      createdAt: user.createdAt.toISOString(),
      updatedAt: user.updatedAt.toISOString(),
      profileFrom: user.accounts.find((account) => account.id === user.profileAccountId)?.provider ?? null,
    },
    accounts: user.accounts.map((account) => ({
      provider: account.provider,
      providerAccountId: account.providerAccountId,
      name: account.name,
      email: account.email,
      emailVerified: account.emailVerified,
      image: account.image,
      linkedAt: account.createdAt.toISOString(),
      lastUsedAt: account.lastUsedAt.toISOString(),
    })),
    sessions: user.sessions.map((session) => ({
      provider: session.provider,
      ip: session.ip,
      userAgent: session.userAgent,
      ...describeUserAgent(session.userAgent),
      createdAt: session.createdAt.toISOString(),
      lastSeenAt: session.lastSeenAt.toISOString(),
      expiresAt: session.expiresAt.toISOString(),
      revokedAt: session.revokedAt?.toISOString() ?? null,
    })),
    // Of a passkey, what the person sees on /account/security: never its id or public key.
    passkeys: user.passkeys.map((passkey) => ({
      name: passkey.name,
      addedAt: passkey.createdAt.toISOString(),
      lastUsedAt: passkey.lastUsedAt?.toISOString() ?? null,
      synced: passkey.deviceType === "multiDevice",
      backedUp: passkey.backedUp,
    })),
    secondFactor: {
      authenticatorApp: user.totp?.confirmedAt ? { setUpAt: user.totp.confirmedAt.toISOString() } : null,
      recoveryCodes: user.recoveryCodes.length
        ? { madeAt: user.recoveryCodes[0]!.createdAt.toISOString(), left: user.recoveryCodes.filter((code) => !code.usedAt).length, used: user.recoveryCodes.filter((code) => code.usedAt).map((code) => code.usedAt!.toISOString()) }
        : null,
    },
    pendingLinks: pending.map((link) => ({
      provider: link.provider,
      providerAccountId: link.providerAccountId,
      name: link.name,
      email: link.email,
      createdAt: link.createdAt.toISOString(),
      expiresAt: link.expiresAt.toISOString(),
    })),
    securityLog: (await securityLog(userId, db)).map((event) => ({
      type: event.type,
      provider: event.provider,
      ip: event.ip,
      userAgent: event.userAgent,
      detail: event.detail,
      at: event.createdAt.toISOString(),
    })),
  };
}
