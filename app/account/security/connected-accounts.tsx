import { connectedProviders, providerName } from "@/lib/accounts/provider-accounts";
import { env } from "@/lib/platform/env";
import { connectProviderAction, disconnectProviderAction } from "./actions";

const date = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

export type ConnectedAccountsNotice = { connected?: string; disconnected?: string; error?: string; provider?: string };

function noticeText({ connected, disconnected, error, provider }: ConnectedAccountsNotice) {
  const name = providerName(provider ?? connected ?? disconnected ?? "");
  if (connected) return { kind: "ok", text: `${name} is connected. You can now sign in with it.` };
  if (disconnected) return { kind: "ok", text: `${name} is disconnected.` };
  if (error === "last_method") {
    return {
      kind: "error",
      text: `${name} is your only way to sign in, so it stays connected. Set a password first (“Forgot your password?” on the sign-in page), or connect another provider.`,
    };
  }
  if (error === "connected_elsewhere") {
    return { kind: "error", text: `That ${name} account is already connected to another account here.` };
  }
  return null;
}

/** The security page's "Connected accounts": each configured or connected provider, with Connect or Disconnect. */
export async function ConnectedAccounts({ userId, notice }: { userId: string; notice: ConnectedAccountsNotice }) {
  const connected = await connectedProviders(userId);
  const rows = [
    ...env.providers.map((p) => ({ provider: p.id as string, name: p.name })),
    ...connected.filter((c) => !env.providers.some((p) => p.id === c.provider)),
  ];
  const message = noticeText(notice);
  return (
    <section aria-labelledby="connected-accounts">
      <h2 id="connected-accounts">Connected accounts</h2>
      {message && (
        <div className={`alert ${message.kind}`} role={message.kind === "error" ? "alert" : "status"}>
          {message.text}
        </div>
      )}
      {rows.length === 0 ? (
        <p className="muted">No sign-in providers are set up on this site.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Provider</th>
              <th scope="col">Status</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ provider, name }) => {
              const link = connected.find((c) => c.provider === provider);
              const verb = link ? "Disconnect" : "Connect";
              return (
                <tr key={provider}>
                  <td>{name}</td>
                  <td>{link ? `Connected on ${date.format(link.connectedAt)}` : "Not connected"}</td>
                  <td>
                    <form action={link ? disconnectProviderAction : connectProviderAction}>
                      <input type="hidden" name="provider" value={provider} />
                      <button type="submit" className="button small secondary" aria-label={`${verb} ${name}`}>
                        {verb}
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
