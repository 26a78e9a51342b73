import { getLocale, getTranslations } from "next-intl/server";
import { LocalTime } from "@/app/components/local-time";
import { listPasskeys } from "@/lib/accounts/passkeys";
import { PASSKEY_NAME_MAX_LENGTH } from "@/lib/shared/limits";
import { removePasskeyAction, renamePasskeyAction } from "./actions";
import { AddPasskeyForm } from "./passkeys-client";

/** Passkeys: add (named), list with created and last-used times, rename, remove. */
export async function PasskeysSection({ userId }: { userId: string }) {
  const [passkeys, t, locale] = await Promise.all([listPasskeys(userId), getTranslations("Security"), getLocale()]);
  return (
    <section className="security-section" aria-labelledby="passkeys">
      <h2 id="passkeys">{t("passkeysHeading")}</h2>
      <p>{t("passkeysIntro")}</p>
      {passkeys.length === 0 ? (
        <p className="muted">{t("noPasskeys")}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{t("yourPasskeys")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("colName")}</th>
                <th scope="col">{t("colAdded")}</th>
                <th scope="col">{t("colLastUsed")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("colActions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {passkeys.map((passkey) => (
                <tr key={passkey.id}>
                  <td>
                    <form action={renamePasskeyAction} className="inline-form">
                      <input type="hidden" name="id" value={passkey.id} />
                      <label className="visually-hidden" htmlFor={`name-${passkey.id}`}>
                        {t("renameLabel", { name: passkey.name })}
                      </label>
                      <input
                        id={`name-${passkey.id}`}
                        name="name"
                        defaultValue={passkey.name}
                        maxLength={PASSKEY_NAME_MAX_LENGTH}
                        required
                        size={14}
                      />
                      <button type="submit" className="button secondary small">
                        {t("rename")}
                      </button>
                    </form>
                  </td>
                  <td>
                    <LocalTime iso={passkey.createdAt.toISOString()} locale={locale} />
                  </td>
                  <td>
                    {passkey.lastUsedAt ? (
                      <LocalTime iso={passkey.lastUsedAt.toISOString()} locale={locale} />
                    ) : (
                      t("never")
                    )}
                  </td>
                  <td>
                    <form action={removePasskeyAction}>
                      <input type="hidden" name="id" value={passkey.id} />
                      <button
                        type="submit"
                        className="button danger small"
                        aria-label={t("removeLabel", { name: passkey.name })}
                      >
                        {t("remove")}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <noscript>
        <p className="muted">{t("passkeysNeedScript")}</p>
      </noscript>
      <AddPasskeyForm />
    </section>
  );
}
