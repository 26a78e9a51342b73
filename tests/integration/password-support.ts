import { env } from "@/lib/platform/env";
import type { RequestMeta } from "@/lib/http/request";
import { confirmEmail } from "@/lib/accounts/confirmation";
import { linkIn } from "../support/mailbox";
import { confirmationToken, deliverAll, mailbox, registeredUser } from "./accounts-support";
export { startedSession } from "./accounts-support";

// Shared by the password-reset and sign-in throttling tests.

export const RESET_SUBJECT = /^Reset your .+ password$/;
export const CHANGED_SUBJECT = /^Your .+ password was changed$/;
export const LOCKED_SUBJECT = /^We paused sign-in to your .+ account$/;
export const WRONG_PASSWORD = "wrong horse battery staple 99";
export const NEW_PASSWORD = "another quiet river 77 walks";

/** Where neither the per-IP limits nor the client address are the subject. */
export const NO_IP: RequestMeta = { ip: null, userAgent: "vitest" };

/** Registers and confirms an account; returns its row. */
export async function confirmedUser(label: string, meta: () => RequestMeta) {
  const user = await registeredUser(label, meta());
  const confirmed = await confirmEmail(await confirmationToken(user.email), meta());
  if (!confirmed.ok) throw new Error(`confirmation of ${user.username} failed`);
  return confirmed.user;
}

/** The token of the reset link in the `count`-th reset email to `address`. */
export async function resetToken(address: string, count = 1): Promise<string> {
  await deliverAll();
  const message = await mailbox(address).waitFor(RESET_SUBJECT, { count });
  return new URL(linkIn(message, `${env.APP_URL}/reset-password`)).searchParams.get("token")!;
}


/** The messages to `address` whose subject matches. */
export async function messagesLike(address: string, subject: RegExp) {
  return (await mailbox(address).messages()).filter((message) => subject.test(message.subject));
}
