// Test people the emulators offer on their consent pages. Each provider picks the
// ones it uses and maps them to its own profile shape and ids.

export type TestUser = {
  /** Stable key, used in ids and avatar URLs. */
  key: string;
  givenName: string;
  familyName: string;
  email?: string;
  emailVerified: boolean;
  phone?: string;
  locale: string;
};

export const testUsers: readonly TestUser[] = [
  {
    key: "anna",
    givenName: "Anna",
    familyName: "Petrova",
    email: "anna.petrova@example.com",
    emailVerified: true,
    phone: "+79161234567",
    locale: "en",
  },
  {
    key: "ivan",
    givenName: "Иван",
    familyName: "Смирнов",
    email: "ivan.smirnov@example.ru",
    emailVerified: true,
    phone: "+79031112233",
    locale: "ru",
  },
  {
    key: "sam",
    givenName: "Sam",
    familyName: "Unverified",
    email: "sam@example.org",
    emailVerified: false,
    locale: "en",
  },
  {
    key: "olga",
    givenName: "Ольга",
    familyName: "Без Почты",
    emailVerified: false,
    locale: "ru",
  },
];

export const fullName = (user: TestUser) => `${user.givenName} ${user.familyName}`.trim();

/** A test person typed in on a consent page; the same email gives the same key. */
export function customUser(name: string, email: string): TestUser {
  const [givenName = name, ...rest] = name.trim().split(/\s+/);
  const normalized = email.trim().toLowerCase();
  return {
    key: `custom-${Buffer.from(normalized || name).toString("base64url").slice(0, 40)}`,
    givenName,
    familyName: rest.join(" "),
    email: normalized || undefined,
    emailVerified: Boolean(normalized),
    locale: "en",
  };
}

/** A numeric id of `digits` digits, stable for a user key and a provider. */
export function numericId(key: string, provider: string, digits: number): string {
  let hash = 0n;
  for (const byte of Buffer.from(`${provider}:${key}`)) hash = (hash * 131n + BigInt(byte)) % 10n ** BigInt(digits - 1);
  return `1${hash.toString().padStart(digits - 1, "0")}`;
}
