import type { Metadata } from "next";
import { formPostTitle } from "@/app/components/page-title";
import { cookies } from "next/headers";
import Link from "next/link";
import { env } from "@/lib/platform/env";
import { peekResetToken } from "@/lib/accounts/passwords";
import { RESET_TOKEN_COOKIE } from "@/lib/http/reset-link";
import { ResendResetForm, ResetForm } from "./reset-form";

const TITLE = "Choose a new password";
const TITLES = {
  invalid: "This link does not work",
  expired: "This reset link has expired",
  used: "This reset link was already used",
};

// The title names what the page says: the form, or why the link does not work.
export async function generateMetadata(): Promise<Metadata> {
  const token = (await cookies()).get(RESET_TOKEN_COOKIE)?.value;
  const { state } = await peekResetToken(token);
  const title =
    state === "valid" ? await formPostTitle(TITLE) : (TITLES[state as keyof typeof TITLES] ?? TITLES.invalid);
  return { title, referrer: "same-origin" };
}

// proxy.ts has already moved the emailed token from the URL into a cookie; GET only looks at it.
export default async function ResetPasswordPage() {
  const token = (await cookies()).get(RESET_TOKEN_COOKIE)?.value;
  const { state, user } = await peekResetToken(token);

  if (state === "valid" && user) {
    return (
      <div className="card">
        <h1>Choose a new password</h1>
        <p className="muted">
          For the account <strong>{user.username}</strong>. Every other device will be signed out.
        </p>
        <ResetForm
          minLength={env.PASSWORD_MIN_LENGTH}
          context={{ username: user.username, email: user.email, appName: env.APP_NAME }}
        />
      </div>
    );
  }
  if (state === "invalid") {
    return (
      <div className="card">
        <h1>This link does not work</h1>
        <p>
          Open the reset link from your email again (copy the whole link), or{" "}
          <Link href="/forgot-password">ask for a new one</Link>.
        </p>
      </div>
    );
  }
  return (
    <div className="card">
      <h1>{state === "expired" ? "This reset link has expired" : "This reset link was already used"}</h1>
      <p>
        {state === "expired"
          ? "Reset links work for a limited time, so an old email cannot be used against you."
          : "Each reset link works once, and a newer link or a password change cancels older ones."}{" "}
        We can send you a fresh one.
      </p>
      <ResendResetForm />
      <p>
        <Link href="/login">Sign in</Link>
      </p>
    </div>
  );
}
