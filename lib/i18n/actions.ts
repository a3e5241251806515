"use server";
// The language switch: remembers the person's choice for a year (next-intl reads the
// cookie by its own name, so it keeps that name; Secure over HTTPS, like all of ours).
import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { isHttps } from "@/lib/security/cookies";
import { LOCALE_COOKIE, locales } from "./locales";

const input = z.object({ locale: z.enum(locales) });

export async function setLocale(formData: FormData) {
  const parsed = input.safeParse({ locale: formData.get("locale") });
  if (!parsed.success) return;
  (await cookies()).set(LOCALE_COOKIE, parsed.data.locale, {
    path: "/",
    maxAge: 365 * 24 * 60 * 60,
    sameSite: "lax",
    httpOnly: true,
    secure: await isHttps(),
  });
  revalidatePath("/", "layout");
}
