import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getCurrentSession } from "@/lib/sessions/dal";
import { env } from "@/lib/platform/env";

export default async function HomePage() {
  const [current, t] = await Promise.all([getCurrentSession(), getTranslations("Home")]);
  return (
    <>
      <section className="hero">
        <h1>{t("title", { appName: env.APP_NAME })}</h1>
        <p>{t("intro")}</p>
        <div className="actions">
          {current ? (
            <Link className="button" href="/account">
              {t("goToAccount")}
            </Link>
          ) : (
            <>
              <Link className="button" href="/register">
                {t("createAccount")}
              </Link>
              <Link className="button secondary" href="/login">
                {(await getTranslations("Common"))("signIn")}
              </Link>
            </>
          )}
        </div>
      </section>
      <section className="features" aria-label={t("features")}>
        <div className="card">
          <h2>{t("confirmedTitle")}</h2>
          <p className="muted">{t("confirmedText")}</p>
        </div>
        <div className="card">
          <h2>{t("passwordsTitle")}</h2>
          <p className="muted">{t("passwordsText")}</p>
        </div>
        <div className="card">
          <h2>{t("controlTitle")}</h2>
          <p className="muted">{t("controlText")}</p>
        </div>
      </section>
    </>
  );
}
