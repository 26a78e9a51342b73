import type { Metadata } from "next";
import Link from "next/link";
import { env } from "@/lib/platform/env";
import { formatDuration } from "@/lib/shared/format";
import { ForgotForm } from "./forgot-form";

const TITLE = "Forgot your password?";
export const metadata: Metadata = { title: TITLE };

export default async function ForgotPasswordPage({ searchParams }: { searchParams: Promise<{ email?: string }> }) {
  const { email } = await searchParams;
  return (
    <div className="card">
      <h1>Forgot your password?</h1>
      <p className="muted">
        Enter the email address of your account and we will send you a link to choose a new password. The link expires
        in {formatDuration(env.RESET_TOKEN_TTL)}.
      </p>
      <ForgotForm initialEmail={typeof email === "string" ? email.slice(0, 320) : ""} />
      <p>
        Remembered it? <Link href="/login">Sign in</Link>
      </p>
    </div>
  );
}
