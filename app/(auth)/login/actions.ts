"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE, rememberAccount } from "@/lib/security/device-cookie";
import { env } from "@/lib/platform/env";
import { endSessionCookieWithBrowser, startWebSession } from "@/lib/sessions/auth";
import {
  CREDENTIALS_MISMATCH,
  shortWaitMessage,
  signInPausedMessage,
  throttledMessage,
  UNCONFIRMED,
} from "@/lib/shared/messages";
import { requestMeta, safeRedirectPath } from "@/lib/http/request";
import { resendConfirmation } from "@/lib/accounts/confirmation";
import { signInWithPassword } from "@/lib/accounts/sign-in";
import { fieldErrors, loginSchema } from "@/lib/shared/validation";

export type LoginState = {
  fieldErrors?: Record<string, string[] | undefined>;
  message?: string;
  unconfirmed?: boolean;
  resent?: boolean;
  login?: string;
  /** The password did not match: the summary offers the reset. */
  wrongPassword?: boolean;
  /** A short wait the page counts down before the next try. */
  waitSeconds?: number;
  /** The account's sign-in is paused: the summary says a reset works now. */
  paused?: boolean;
};

// Waits up to this long are counted down on the page; a longer one is the pause after many failures.
const SHORT_WAIT_SECONDS = 60;

export async function login(_previous: LoginState, formData: FormData): Promise<LoginState> {
  const input = Object.fromEntries(formData);
  const loginValue = String(input.login ?? "").slice(0, 320);
  const parsed = loginSchema.safeParse(input);
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error), login: loginValue };

  const jar = await cookies();
  const device = jar.get(DEVICE_COOKIE)?.value;
  const result = await signInWithPassword(parsed.data.login, parsed.data.password, "web", await requestMeta(), device);
  if (!result.ok) {
    if (result.error === "unconfirmed") {
      return { unconfirmed: true, login: loginValue, message: UNCONFIRMED };
    }
    if (result.error === "throttled") {
      const seconds = result.retryAfterSeconds ?? 60;
      if (seconds <= SHORT_WAIT_SECONDS) {
        return { login: loginValue, waitSeconds: seconds, message: shortWaitMessage(seconds) };
      }
      return { login: loginValue, paused: true, message: signInPausedMessage(seconds) };
    }
    return { login: loginValue, wrongPassword: true, message: CREDENTIALS_MISMATCH };
  }
  await startWebSession(result.sessionId);
  if (formData.get("remember") !== "yes") await endSessionCookieWithBrowser();
  jar.set(DEVICE_COOKIE, rememberAccount(device, result.user.id), {
    httpOnly: true,
    sameSite: "lax",
    secure: env.APP_URL.startsWith("https://"),
    path: "/",
    maxAge: DEVICE_COOKIE_MAX_AGE,
  });
  redirect(safeRedirectPath(formData.get("callbackUrl")));
}

/** Resends the confirmation link after a correct password on an unconfirmed account. */
export async function resendFromLogin(_previous: LoginState, formData: FormData): Promise<LoginState> {
  const loginValue = String(formData.get("login") ?? "").slice(0, 320);
  const throttled = await resendConfirmation(loginValue, await requestMeta());
  if (throttled) return { login: loginValue, message: throttledMessage(throttled.retryAfterSeconds, "email-requests") };
  return { login: loginValue, resent: true };
}
