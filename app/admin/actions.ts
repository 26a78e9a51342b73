"use server";

import { redirect } from "next/navigation";
import { requireAdmin } from "@/lib/sessions/dal";
import {
  disableTwoFactorFor,
  lockAccount,
  resendConfirmationFor,
  retryFailedEmails,
  revokeSessionsFor,
  rotateSigningKey,
  unlockAccount,
} from "@/lib/accounts/operator";
import { requestMeta } from "@/lib/http/request";

// The admin page's actions: each checks the admin role itself (never trusting the page that showed the
// button), calls the same lib/accounts/operator.ts function as the CLI, and is recorded in the account's audit log.

async function admin() {
  const { user } = await requireAdmin("/admin");
  return { label: `admin:${user.username}`, meta: await requestMeta() };
}

function back(formData: FormData, notice: string): never {
  const params = new URLSearchParams({ notice });
  const q = String(formData.get("q") ?? "");
  const page = String(formData.get("page") ?? "");
  if (q) params.set("q", q.slice(0, 100));
  if (/^\d+$/.test(page)) params.set("page", page);
  redirect(`/admin?${params}`);
}

const login = (formData: FormData) => String(formData.get("login") ?? "").slice(0, 320);

export async function resendAction(formData: FormData) {
  const result = await resendConfirmationFor(login(formData), await admin());
  back(formData, result.ok ? "resent" : result.error);
}

export async function revokeAction(formData: FormData) {
  const result = await revokeSessionsFor(login(formData), await admin());
  back(formData, result.ok ? "revoked" : result.error);
}

export async function lockAction(formData: FormData) {
  const result = await lockAccount(login(formData), new Date(Date.now() + 24 * 3600_000), await admin());
  back(formData, result.ok ? "locked" : result.error);
}

export async function unlockAction(formData: FormData) {
  const result = await unlockAccount(login(formData), await admin());
  back(formData, result.ok ? "unlocked" : result.error);
}

export async function retryFailedAction(formData: FormData) {
  await admin();
  const count = await retryFailedEmails();
  back(formData, count ? "retried" : "nothing_failed");
}

export async function rotateKeyAction(formData: FormData) {
  await admin();
  await rotateSigningKey();
  back(formData, "rotated");
}

export async function disableTwoFactorAction(formData: FormData) {
  const result = await disableTwoFactorFor(login(formData), await admin());
  back(formData, result.ok ? "two_factor_off" : result.error);
}
