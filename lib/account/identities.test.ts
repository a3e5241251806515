// The account center's decisions against a real, migrated SQLite file: who a proved
// identity signs in as, when it links, when it waits (email collision), when it is
// refused; unlinking, deleting and exporting.
import type { PrismaClient } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/database";
import { deleteUser } from "./delete";
import { beginTotpSetup, confirmTotp, replaceRecoveryCodes, spendRecoveryCode } from "@/lib/second-factor/store";
import { totpCode, totpStep } from "@/lib/second-factor/totp";
import { exportUserData } from "./export";
import type { Identity, IdentityProfile } from "@/lib/identity";
import { resolveIdentity } from "./identities";
import { startLinkIntent } from "./link-intent";
import { completePendingLink, confirmPendingLink, readPendingLink, type SecretJar } from "./pending-link";
import { chooseProfile } from "./profile";
import { isRecentSignIn } from "./reauth";
import { readMergeOffer } from "./merge";
import { unlinkAccount } from "./unlink";

let database: ReturnType<typeof createTestDatabase>;
let db: PrismaClient;
beforeAll(() => {
  database = createTestDatabase();
  db = database.db;
});
afterAll(() => database.dispose());

const client = { ip: "203.0.113.7", userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0" };

/** A browser's cookie jar for the pending-link secret. */
function browser(): SecretJar {
  let secret: string | undefined;
  return {
    get: async () => secret,
    set: async (value) => void (secret = value),
    clear: async () => void (secret = undefined),
  };
}

let counter = 0;
const identity = (provider: string, id = `id-${++counter}`): Identity => ({ provider, providerAccountId: id, type: "oidc" });
const person = (name: string, email: string | null = null, emailVerified = false): IdentityProfile => ({ name, email, emailVerified, image: null });

async function signIn(
  id: Identity,
  profile: IdentityProfile,
  jar = browser(),
  current: { sessionId: string; userId: string } | null = null,
  intents: SecretJar = browser(),
  merges: SecretJar = browser(),
) {
  return resolveIdentity({ identity: id, profile, current, returnTo: "/account", client, db, jar, intents, merges });
}

/** A browser that pressed "Link" for `provider` in this session. */
async function pressedLink(current: { sessionId: string; userId: string }, provider: string) {
  const intents = browser();
  await startLinkIntent(db, { ...current, provider }, intents);
  return intents;
}

async function sessionFor(userId: string, authenticatedAt = new Date()) {
  const session = await db.loginSession.create({
    data: { userId, provider: "google", expiresAt: new Date(Date.now() + 3600_000), authenticatedAt },
  });
  return { sessionId: session.id, userId };
}

const userIdOf = (outcome: Awaited<ReturnType<typeof signIn>>) => {
  if (!("userId" in outcome)) throw new Error(`expected a sign-in, got ${JSON.stringify(outcome)}`);
  return outcome.userId;
};

describe("resolveIdentity, not signed in", () => {
  it("makes a new user with its account, the verified email and this account as its profile", async () => {
    const google = identity("google");
    const userId = userIdOf(await signIn(google, person("Anna", "anna@example.com", true)));
    const user = await db.user.findUniqueOrThrow({ where: { id: userId }, include: { accounts: true } });
    expect(user.email).toBe("anna@example.com");
    expect(user.emailVerified).not.toBeNull();
    expect(user.accounts).toHaveLength(1);
    expect(user.profileAccountId).toBe(user.accounts[0]!.id);
    expect(userIdOf(await signIn(google, person("Anna P.", "anna@example.com", true)))).toBe(userId);
    expect((await db.user.findUniqueOrThrow({ where: { id: userId } })).name).toBe("Anna P.");
  });

  it("keeps an unverified email on the account only: it matches no one and blocks no one", async () => {
    const verifiedOwner = userIdOf(await signIn(identity("google"), person("Sam", "sam@example.org", true)));
    const vk = userIdOf(await signIn(identity("vkid"), person("Sam", "sam@example.org", false)));
    expect(vk).not.toBe(verifiedOwner);
    const user = await db.user.findUniqueOrThrow({ where: { id: vk }, include: { accounts: true } });
    expect(user.email).toBeNull();
    expect(user.accounts[0]).toMatchObject({ provider: "vk", email: "sam@example.org", emailVerified: false });
    expect(await db.pendingLink.count({ where: { userId: verifiedOwner } })).toBe(0);
  });

  it("parks a new identity with an existing user's verified email, and links it when that user signs in", async () => {
    const google = identity("google");
    const owner = userIdOf(await signIn(google, person("Olga", "olga@example.com", true)));
    const jar = browser();
    const users = await db.user.count();

    const yandex = identity("yandex");
    expect(await signIn(yandex, person("Olga Y.", "olga@example.com", true), jar)).toEqual({ redirect: "/login/existing-account" });
    expect(await db.user.count()).toBe(users);
    expect(await db.account.count({ where: { provider: "yandex", providerAccountId: yandex.providerAccountId } })).toBe(0);
    expect(await readPendingLink(db, jar)).toMatchObject({ userId: owner, provider: "yandex" });
    expect(await db.securityEvent.count({ where: { userId: owner, type: "link-pending" } })).toBe(1);

    // Signing in to someone else does not link it, and it keeps waiting.
    const stranger = userIdOf(await signIn(identity("google"), person("Stranger")));
    expect(await completePendingLink(db, stranger, client, "/account?notice=linked&provider=yandex", jar)).toBe(false);
    // The owner signing in from anywhere but the collision page links nothing.
    expect(await completePendingLink(db, owner, client, "/account", jar)).toBe(false);
    expect(await readPendingLink(db, jar)).not.toBeNull();

    expect(userIdOf(await signIn(google, person("Olga", "olga@example.com", true), jar))).toBe(owner);
    expect(await completePendingLink(db, owner, client, "/account?notice=linked&provider=yandex", jar)).toBe(true);
    expect(await db.account.findMany({ where: { userId: owner }, select: { provider: true } })).toEqual([{ provider: "google" }, { provider: "yandex" }]);
    expect(await readPendingLink(db, jar)).toBeNull();
    expect(userIdOf(await signIn(yandex, person("Olga Y.", "olga@example.com", true)))).toBe(owner);
  });

  it("lets a pending link expire", async () => {
    await signIn(identity("google"), person("Ivan", "ivan@example.com", true));
    const jar = browser();
    await signIn(identity("yandex"), person("Ivan", "ivan@example.com", true), jar);
    expect(await readPendingLink(db, jar, new Date(Date.now() + 11 * 60_000))).toBeNull();
  });
});

describe("resolveIdentity, signed in", () => {
  it("links a new identity, re-authenticates with an own one, refuses another user's", async () => {
    const google = identity("google");
    const userId = userIdOf(await signIn(google, person("Pavel", "pavel@example.com", true)));
    const current = await sessionFor(userId, new Date(Date.now() - 3600_000));

    expect(await signIn(identity("ok"), person("Pavel OK"), browser(), current, await pressedLink(current, "ok"))).toEqual({
      redirect: "/account?notice=linked&provider=ok",
    });
    expect(await db.account.count({ where: { userId } })).toBe(2);

    expect(await signIn(google, person("Pavel", "pavel@example.com", true), browser(), current)).toEqual({
      redirect: "/account?notice=reauthenticated&provider=google",
    });
    expect(isRecentSignIn(await db.loginSession.findUniqueOrThrow({ where: { id: current.sessionId } }))).toBe(true);

    const otherTelegram = identity("telegram-widget");
    const other = userIdOf(await signIn(otherTelegram, person("Other")));
    expect(await signIn(otherTelegram, person("Other"), browser(), current)).toEqual({
      redirect: "/account?error=identity-taken&provider=telegram-widget",
    });
    expect((await db.account.findFirstOrThrow({ where: { providerAccountId: otherTelegram.providerAccountId } })).userId).toBe(other);
    expect(await db.securityEvent.findFirst({ where: { userId: other, type: "sign-in-failed" } })).toMatchObject({ provider: "telegram-widget" });
  });

  it("offers a merge when this browser pressed Link and proved another account's identity; without the press, refuses", async () => {
    const mine = userIdOf(await signIn(identity("google"), person("Mira")));
    const current = await sessionFor(mine);
    const telegram = identity("telegram-widget");
    const other = userIdOf(await signIn(telegram, person("Mira on Telegram")));
    const merges = browser();
    expect(await signIn(telegram, person("Mira on Telegram"), browser(), current, await pressedLink(current, "telegram"), merges)).toEqual({ redirect: "/account/merge" });
    const offer = await readMergeOffer(db, current.sessionId, merges);
    expect(offer).toMatchObject({ userId: mine, otherUserId: other, provider: "telegram-widget" });
    // Nothing moved, and the other account's log says someone was offered it.
    expect((await db.account.findFirstOrThrow({ where: { providerAccountId: telegram.providerAccountId } })).userId).toBe(other);
    expect(await db.securityEvent.count({ where: { userId: other, type: "merge-offered" } })).toBe(1);
    // The bot login's proof could come from whoever saw its QR code: no merge there.
    const bot = await resolveIdentity({ identity: telegram, profile: person("Mira on Telegram"), current, returnTo: "/account", client, db, jar: browser(), intents: await pressedLink(current, "telegram"), merges: browser(), alwaysConfirmLink: true });
    expect(bot).toEqual({ redirect: "/account?error=identity-taken&provider=telegram-widget" });
    // The press is used up: proving it again is the bare refusal.
    expect(await signIn(telegram, person("Mira on Telegram"), browser(), current)).toEqual({ redirect: "/account?error=identity-taken&provider=telegram-widget" });
  });

  it("never links an identity this browser did not press Link for: it waits for the person's word", async () => {
    const userId = userIdOf(await signIn(identity("google"), person("Nika", "nika@example.com", true)));
    const current = await sessionFor(userId);
    const jar = browser();
    const telegram = identity("telegram-widget");
    // No intent, an intent for another provider, and one made by another session: all ask first.
    const otherSession = await sessionFor(userId);
    for (const intents of [browser(), await pressedLink(current, "yandex"), await pressedLink(otherSession, "telegram")]) {
      expect(await signIn(telegram, person("Mallory"), jar, current, intents)).toEqual({ redirect: "/account/link" });
    }
    expect(await db.account.count({ where: { userId } })).toBe(1);
    expect(await db.securityEvent.count({ where: { userId, type: "link-unrequested" } })).toBe(1);
    expect(await db.securityEvent.findFirst({ where: { userId, type: "link-unrequested" } })).toMatchObject({ count: 3 });

    // It waits for this session only; the person's "Link" adds it, once.
    expect(await readPendingLink(db, jar, new Date(), otherSession.sessionId)).toBeNull();
    expect(await readPendingLink(db, jar)).toBeNull();
    const session = { id: current.sessionId, userId };
    expect(await confirmPendingLink(db, session, client, jar)).toEqual({ ok: true, provider: "telegram-widget" });
    expect(await db.account.count({ where: { userId, provider: "telegram" } })).toBe(1);
    expect(await confirmPendingLink(db, session, client, jar)).toMatchObject({ ok: false });

    // An intent is used once.
    const intents = await pressedLink(current, "ok");
    expect(await signIn(identity("ok"), person("Nika OK"), browser(), current, intents)).toEqual({ redirect: "/account?notice=linked&provider=ok" });
    await db.account.deleteMany({ where: { userId, provider: "ok" } });
    expect(await signIn(identity("ok"), person("Nika OK 2"), browser(), current, intents)).toEqual({ redirect: "/account/link" });
  });

  it("asks even after Link for a way in whose proof anyone who saw the request could have made (the bot login)", async () => {
    const userId = userIdOf(await signIn(identity("google"), person("Oleg", "oleg@example.com", true)));
    const current = await sessionFor(userId);
    const jar = browser();
    const outcome = await resolveIdentity({
      identity: identity("telegram-bot"),
      profile: person("Someone"),
      current,
      returnTo: "/account",
      client,
      db,
      jar,
      intents: await pressedLink(current, "telegram"),
      alwaysConfirmLink: true,
    });
    expect(outcome).toEqual({ redirect: "/account/link" });
    expect(await db.account.count({ where: { userId } })).toBe(1);
    // The person did press Link: nothing to report as unrequested.
    expect(await db.securityEvent.count({ where: { userId, type: "link-unrequested" } })).toBe(0);
    expect(await readPendingLink(db, jar, new Date(), current.sessionId)).toMatchObject({ provider: "telegram-bot", name: "Someone" });
  });

  it("decides again, as a new identity, one unlinked on another device between its read and its refresh", async () => {
    const google = identity("google");
    const userId = userIdOf(await signIn(google, person("Rita")));
    const current = await sessionFor(userId);
    await signIn(identity("ok"), person("Rita OK"), browser(), current, await pressedLink(current, "ok"));
    // The other device's unlink commits just before this sign-in writes to the account.
    const unlinkedMeanwhile = (): PrismaClient => {
      let unlinked = false;
      // The refresh's write to the account is raw SQL (lib/account/account-writes.ts).
      const executeRaw = async (sql: TemplateStringsArray, ...values: unknown[]) => {
        if (!unlinked && sql[0]!.startsWith('UPDATE "Account"')) {
          unlinked = true;
          await db.account.deleteMany({ where: { userId, provider: "google" } });
        }
        return db.$executeRaw(sql, ...values);
      };
      return new Proxy(db, { get: (target, key) => (key === "$executeRaw" ? executeRaw : Reflect.get(target, key)) });
    };
    const again = (current: { sessionId: string; userId: string } | null) =>
      resolveIdentity({ identity: google, profile: person("Rita"), current, returnTo: "/account", client, db: unlinkedMeanwhile(), jar: browser(), intents: browser() });

    // Signed in: like any identity this browser did not press Link for, it waits on /account/link.
    expect(await again(current)).toEqual({ redirect: "/account/link" });
    expect(await db.account.count({ where: { userId } })).toBe(1);
    // Signed out, relinked first: a sign-in of its own (a new user), not Rita's, and no failure.
    await db.account.create({ data: { userId, type: "oidc", provider: "google", providerAccountId: google.providerAccountId } });
    const someoneNew = userIdOf(await again(null));
    expect(someoneNew).not.toBe(userId);
    expect((await db.account.findFirstOrThrow({ where: { provider: "google", providerAccountId: google.providerAccountId } })).userId).toBe(someoneNew);
  });

  it("refuses a second account at the same provider, and treats VK ID and VK as one provider", async () => {
    const userId = userIdOf(await signIn(identity("vkid"), person("Vera")));
    const current = await sessionFor(userId);
    expect(await signIn(identity("vk"), person("Vera 2"), browser(), current)).toEqual({
      redirect: "/account?error=provider-already-linked&provider=vk",
    });
  });
});

describe("unlink, profile, export, delete", () => {
  it("never removes the last method, and moves the profile off an unlinked account", async () => {
    const userId = userIdOf(await signIn(identity("google"), person("Lena Google", "lena@example.com", true)));
    const current = await sessionFor(userId);
    await signIn(identity("yandex"), { ...person("Lena Yandex"), image: "https://avatars.example/lena" }, browser(), current, await pressedLink(current, "yandex"));
    const [google, yandex] = await db.account.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });

    expect(await chooseProfile(db, userId, yandex!.id)).not.toBeNull();
    expect(await db.user.findUniqueOrThrow({ where: { id: userId } })).toMatchObject({ name: "Lena Yandex", image: "https://avatars.example/lena" });

    // Another device signed in with Yandex is signed out by the unlink.
    const viaYandex = await db.loginSession.create({ data: { userId, provider: "yandex", expiresAt: new Date(Date.now() + 3600_000) } });
    expect(await unlinkAccount(db, { userId, accountId: yandex!.id, keepSessionId: current.sessionId })).toEqual({
      ok: true,
      provider: "yandex",
      endedSessions: 1,
    });
    expect((await db.loginSession.findUniqueOrThrow({ where: { id: viaYandex.id } })).revokedAt).not.toBeNull();
    expect(await db.user.findUniqueOrThrow({ where: { id: userId } })).toMatchObject({ name: "Lena Google", profileAccountId: google!.id });

    expect(await unlinkAccount(db, { userId, accountId: google!.id, keepSessionId: current.sessionId })).toEqual({ ok: false, reason: "last-method" });
    expect(await db.account.count({ where: { userId } })).toBe(1);
  });

  it("drops an email only the unlinked account vouched for, or takes another linked account's", async () => {
    const userId = userIdOf(await signIn(identity("google"), person("Mark", "mark@example.com", true)));
    const current = await sessionFor(userId);
    await signIn(identity("yandex"), person("Mark", "mark@yandex.ru", true), browser(), current, await pressedLink(current, "yandex"));
    await signIn(identity("ok"), person("Mark", "mark@ok.ru", false), browser(), current, await pressedLink(current, "ok"));
    const [google, yandex] = await db.account.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });

    await unlinkAccount(db, { userId, accountId: google!.id, keepSessionId: current.sessionId });
    expect((await db.user.findUniqueOrThrow({ where: { id: userId } })).email).toBe("mark@yandex.ru");
    await unlinkAccount(db, { userId, accountId: yandex!.id, keepSessionId: current.sessionId });
    // OK's address was never verified: it does not become the user's.
    expect(await db.user.findUniqueOrThrow({ where: { id: userId } })).toMatchObject({ email: null, emailVerified: null });
  });

  it("does not unlink another user's account", async () => {
    const a = userIdOf(await signIn(identity("google"), person("A")));
    const b = userIdOf(await signIn(identity("google"), person("B")));
    await signIn(identity("ok"), person("B OK"), browser(), await sessionFor(b));
    const bAccount = await db.account.findFirstOrThrow({ where: { userId: b } });
    expect(await unlinkAccount(db, { userId: a, accountId: bAccount.id, keepSessionId: "none" })).toEqual({ ok: false, reason: "not-found" });
  });

  it("exports the accounts and the log, with no secret in it", async () => {
    const userId = userIdOf(await signIn(identity("google"), person("Nina", "nina@example.com", true)));
    const current = await sessionFor(userId);
    await signIn(identity("telegram-bot", "777000"), person("Nina TG"), browser(), current, await pressedLink(current, "telegram"));
    // A second factor: the export says it is there, never its secret or codes.
    const keys = { secret: process.env.AUTH_SECRET! };
    const totpSecret = (await beginTotpSetup(db, userId, keys))!;
    expect(await confirmTotp(db, userId, totpCode(totpSecret, totpStep(Date.now())), new Date(), keys)).toBe(true);
    const codes = await replaceRecoveryCodes(db, userId, keys);
    await spendRecoveryCode(db, userId, codes[0]!, new Date(), keys);
    const data = await exportUserData(db, userId);
    expect(data.accounts.map((account) => account.provider)).toEqual(["google", "telegram"]);
    expect(data.securityLog.map((event) => event.type)).toContain("linked");
    expect(data.secondFactor.authenticatorApp?.setUpAt).toEqual(expect.any(String));
    expect(data.secondFactor.recoveryCodes).toMatchObject({ left: 9, used: [expect.any(String)] });
    const text = JSON.stringify(data);
    expect(text).not.toContain(current.sessionId);
    expect(text).not.toMatch(/token|secret|hash|password/i);
    expect(text).not.toContain(totpSecret);
    const stored = await db.totpFactor.findUniqueOrThrow({ where: { userId } });
    expect(text).not.toContain(stored.secret.split(".")[2]!);
    for (const code of codes) expect(text).not.toContain(code);
  });

  it("deletes every row of the user and no one else's", async () => {
    const keep = userIdOf(await signIn(identity("google"), person("Keep", "keep@example.com", true)));
    const userId = userIdOf(await signIn(identity("google"), person("Gone", "gone@example.com", true)));
    const current = await sessionFor(userId);
    await signIn(identity("telegram-widget", "424242"), person("Gone TG"), browser(), current, await pressedLink(current, "telegram"));
    await db.telegramBotLogin.create({
      data: { payload: "p-gone", browserHash: "h", expiresAt: new Date(Date.now() + 60_000), telegramUser: '{"id":424242,"first_name":"Gone"}', telegramId: "424242" },
    });
    await db.telegramBotLogin.create({
      data: { payload: "p-other", browserHash: "h", expiresAt: new Date(Date.now() + 60_000), telegramUser: '{"id":4242420,"first_name":"Other"}', telegramId: "4242420" },
    });
    await signIn(identity("yandex"), person("Gone Y", "gone@example.com", true));

    const keys = { secret: process.env.AUTH_SECRET! };
    await beginTotpSetup(db, userId, keys);
    await replaceRecoveryCodes(db, userId, keys);

    await deleteUser(db, userId);
    for (const table of ["account", "loginSession", "securityEvent", "pendingLink", "linkIntent", "knownDevice", "totpFactor", "recoveryCode"] as const) {
      expect(await (db[table] as unknown as { count(args: object): Promise<number> }).count({ where: { userId } })).toBe(0);
    }
    expect(await db.user.count({ where: { id: userId } })).toBe(0);
    expect(await db.telegramBotLogin.count({ where: { payload: "p-gone" } })).toBe(0);
    // Someone else's request, whose id merely starts with the same digits, stays.
    expect(await db.telegramBotLogin.count({ where: { payload: "p-other" } })).toBe(1);
    expect(await db.user.count({ where: { id: keep } })).toBe(1);
  });
});

describe("isRecentSignIn", () => {
  const at = new Date("2026-11-21T12:00:00Z");
  it("counts a sign-in within the window, and not one older", () => {
    expect(isRecentSignIn({ authenticatedAt: new Date(at.getTime() - 599_000) }, at, 600)).toBe(true);
    expect(isRecentSignIn({ authenticatedAt: new Date(at.getTime() - 600_000) }, at, 600)).toBe(true);
    expect(isRecentSignIn({ authenticatedAt: new Date(at.getTime() - 601_000) }, at, 600)).toBe(false);
  });
  it("defaults to AUTH_REAUTH_MAX_AGE, 10 minutes", () => {
    expect(isRecentSignIn({ authenticatedAt: new Date(Date.now() - 9 * 60_000) })).toBe(true);
    expect(isRecentSignIn({ authenticatedAt: new Date(Date.now() - 11 * 60_000) })).toBe(false);
  });
});
