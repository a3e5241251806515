import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function NotFound() {
  const t = await getTranslations("notFound");
  return (
    <div className="py-16 text-center">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <Link href="/account" className="mt-4 inline-block text-brand-600 underline">
        {t("back")}
      </Link>
    </div>
  );
}
