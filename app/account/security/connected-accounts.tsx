import { getFormatter, getTranslations } from "next-intl/server";
import { connectedProviders, providerName } from "@/lib/accounts/provider-accounts";
import { env } from "@/lib/platform/env";
import { connectProviderAction, disconnectProviderAction } from "./actions";

export type ConnectedAccountsNotice = { connected?: string; disconnected?: string; error?: string; provider?: string };

type Translate = Awaited<ReturnType<typeof getTranslations<"Security">>>;

function noticeText(t: Translate, { connected, disconnected, error, provider }: ConnectedAccountsNotice) {
  const name = providerName(provider ?? connected ?? disconnected ?? "");
  if (connected) return { kind: "ok", text: t("connected", { provider: name }) };
  if (disconnected) return { kind: "ok", text: t("disconnected", { provider: name }) };
  if (error === "last_method") return { kind: "error", text: t("lastMethod", { provider: name }) };
  if (error === "connected_elsewhere") return { kind: "error", text: t("connectedElsewhere", { provider: name }) };
  return null;
}

/** The security page's "Connected accounts": each configured or connected provider, with Connect or Disconnect. */
export async function ConnectedAccounts({ userId, notice }: { userId: string; notice: ConnectedAccountsNotice }) {
  const [connected, t, format] = await Promise.all([
    connectedProviders(userId),
    getTranslations("Security"),
    getFormatter(),
  ]);
  const rows = [
    ...env.providers.map((p) => ({ provider: p.id as string, name: p.name })),
    ...connected.filter((c) => !env.providers.some((p) => p.id === c.provider)),
  ];
  const message = noticeText(t, notice);
  return (
    <section aria-labelledby="connected-accounts">
      <h2 id="connected-accounts">{t("connectedAccounts")}</h2>
      {message && (
        <div className={`alert ${message.kind}`} role={message.kind === "error" ? "alert" : "status"}>
          {message.text}
        </div>
      )}
      {rows.length === 0 ? (
        <p className="muted">{t("noProviders")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("provider")}</th>
              <th scope="col">{t("status")}</th>
              <th scope="col">{t("action")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ provider, name }) => {
              const link = connected.find((c) => c.provider === provider);
              return (
                <tr key={provider}>
                  <td>{name}</td>
                  <td>
                    {link
                      ? t("connectedOn", {
                          date: format.dateTime(link.connectedAt, { dateStyle: "medium", timeZone: "UTC" }),
                        })
                      : t("notConnected")}
                  </td>
                  <td>
                    <form action={link ? disconnectProviderAction : connectProviderAction}>
                      <input type="hidden" name="provider" value={provider} />
                      <button
                        type="submit"
                        className="button small secondary"
                        aria-label={t(link ? "disconnectName" : "connectName", { provider: name })}
                      >
                        {t(link ? "disconnect" : "connect")}
                      </button>
                    </form>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
