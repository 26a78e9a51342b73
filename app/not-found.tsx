import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function NotFound() {
  const t = await getTranslations("NotFound");
  return (
    <div className="card">
      <h1>{t("title")}</h1>
      <p>{t.rich("text", { link: (chunks) => <Link href="/">{chunks}</Link> })}</p>
    </div>
  );
}
