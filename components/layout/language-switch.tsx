// The language switch: two buttons in a form, so it works without JavaScript and by
// keyboard. The choice is kept in a cookie and wins over Accept-Language.
import { getLocale, getTranslations } from "next-intl/server";
import { setLocale } from "@/lib/i18n/actions";
import { locales } from "@/lib/i18n/locales";

export async function LanguageSwitch() {
  const [t, current] = await Promise.all([getTranslations("language"), getLocale()]);
  return (
    <form action={setLocale} aria-label={t("label")} className="flex gap-1 text-sm">
      {locales.map((locale) => (
        <button
          key={locale}
          type="submit"
          name="locale"
          value={locale}
          lang={locale}
          aria-pressed={locale === current}
          className="rounded-md px-2 py-1 text-slate-600 hover:bg-slate-200 aria-pressed:bg-slate-900 aria-pressed:text-white dark:text-slate-300 dark:hover:bg-slate-800 dark:aria-pressed:bg-slate-100 dark:aria-pressed:text-slate-900"
        >
          {t(locale)}
        </button>
      ))}
    </form>
  );
}
