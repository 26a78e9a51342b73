import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentSession } from "@/lib/sessions/dal";
import { safeRedirectPath } from "@/lib/http/request";
import { LoginForm } from "./login-form";
import { PasskeySignIn } from "./passkey-sign-in";

export const metadata: Metadata = { title: "Sign in" };

type Search = { callbackUrl?: string | string[]; signedOut?: string; expired?: string };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Search> }) {
  const search = await searchParams;
  const callbackUrl = safeRedirectPath(search.callbackUrl);
  if (await getCurrentSession()) redirect(callbackUrl);
  return (
    <div className="card">
      <h1>Sign in</h1>
      {search.signedOut === "everywhere" && (
        <div className="alert ok" role="status">
          You are signed out on every device.
        </div>
      )}
      {search.expired === "second-step" && (
        <div className="alert info" role="status">
          That sign-in took too long or was already used. Enter your password again.
        </div>
      )}
      <LoginForm callbackUrl={callbackUrl} />
      <PasskeySignIn callbackUrl={callbackUrl} />
      <p>
        <Link href="/forgot-password">Forgot your password?</Link>
      </p>
      <p>
        New here? <Link href="/register">Create an account</Link>
      </p>
    </div>
  );
}
