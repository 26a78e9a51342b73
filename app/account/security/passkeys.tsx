import { listPasskeys } from "@/lib/accounts/passkeys";
import { removePasskeyAction, renamePasskeyAction } from "./actions";
import { AddPasskeyForm } from "./passkeys-client";

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** Passkeys: add (named), list with created and last-used times, rename, remove. */
export async function PasskeysSection({ userId }: { userId: string }) {
  const passkeys = await listPasskeys(userId);
  return (
    <section className="security-section" aria-labelledby="passkeys">
      <h2 id="passkeys">Passkeys</h2>
      <p>
        A passkey signs you in with your device&apos;s screen lock (fingerprint, face or PIN) instead of a password, and
        needs no second step.
      </p>
      {passkeys.length === 0 ? (
        <p className="muted">No passkeys yet.</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">Your passkeys</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Added (UTC)</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
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
                        Name of passkey {passkey.name}
                      </label>
                      <input
                        id={`name-${passkey.id}`}
                        name="name"
                        defaultValue={passkey.name}
                        maxLength={60}
                        required
                        size={14}
                      />
                      <button type="submit" className="button secondary small">
                        Rename
                      </button>
                    </form>
                  </td>
                  <td>{dateTime.format(passkey.createdAt)}</td>
                  <td>{passkey.lastUsedAt ? dateTime.format(passkey.lastUsedAt) : "Never"}</td>
                  <td>
                    <form action={removePasskeyAction}>
                      <input type="hidden" name="id" value={passkey.id} />
                      <button
                        type="submit"
                        className="button danger small"
                        aria-label={`Remove passkey ${passkey.name}`}
                      >
                        Remove
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AddPasskeyForm />
    </section>
  );
}
