import "server-only";
import { getLocale, getTranslations } from "next-intl/server";
import { env } from "@/lib/platform/env";
import { utcDateTime } from "@/lib/shared/format";

/**
 * What the page of an emailed link replaced by a newer one says: nobody used it, when the newest was sent,
 * and that another can be sent. `namespace` holds its "replacedText" and "replacedHelp" messages.
 */
export async function ReplacedLinkText({
  namespace,
  newestSentAt,
}: {
  namespace: "Confirm" | "ResetPassword";
  newestSentAt?: Date;
}) {
  const [t, locale] = await Promise.all([getTranslations(namespace), getLocale()]);
  return (
    <>
      <p>
        {t("replacedText", { sentAt: newestSentAt ? utcDateTime(locale, newestSentAt) : "", appName: env.APP_NAME })}
      </p>
      <p>{t("replacedHelp")}</p>
    </>
  );
}
