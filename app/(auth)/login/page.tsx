import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentSession } from "@/lib/sessions/dal";
import { safeRedirectPath } from "@/lib/http/request";
import { formatWait } from "@/lib/shared/format";
import { providerName } from "@/lib/accounts/provider-accounts";
import { ProviderButtons } from "../provider-buttons";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

type Search = {
  callbackUrl?: string | string[];
  signedOut?: string;
  // A provider sign-in that did not sign anyone in: ours (provider_error) or Auth.js's (error).
  provider_error?: string;
  provider?: string;
  retry?: string;
  error?: string;
};

function providerMessage(search: Search): string | null {
  const name = providerName(String(search.provider ?? ""));
  switch (search.provider_error) {
    case "email_taken":
      return `An account with this email exists: sign in with your password first, then connect ${name} from your security page.`;
    case "unconfirmed":
      return "Confirm your email first: open the link we sent you.";
    case "throttled":
      return `Too many sign-in attempts. Try again in ${formatWait(Number(search.retry) || 60)}.`;
    case "no_email":
      return `${name} did not share an email address with us, so we cannot sign you in with it.`;
  }
  return search.error ? "Signing in with the provider did not work. Please try again." : null;
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Search> }) {
  const search = await searchParams;
  const callbackUrl = safeRedirectPath(search.callbackUrl);
  if (await getCurrentSession()) redirect(callbackUrl);
  const problem = providerMessage(search);
  return (
    <div className="card">
      <h1>Sign in</h1>
      {search.signedOut === "everywhere" && (
        <div className="alert ok" role="status">
          You are signed out on every device.
        </div>
      )}
      {problem && (
        <div className="alert error" role="alert">
          {problem}
        </div>
      )}
      <LoginForm callbackUrl={callbackUrl} />
      <ProviderButtons callbackUrl={callbackUrl} />
      <p>
        <Link href="/forgot-password">Forgot your password?</Link>
      </p>
      <p>
        New here? <Link href="/register">Create an account</Link>
      </p>
    </div>
  );
}
