import type { Metadata } from "next";
import { formPostTitle } from "@/app/components/page-title";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentSession } from "@/lib/sessions/dal";
import { safeRedirectPath } from "@/lib/http/request";
import { env } from "@/lib/platform/env";
import { formatDuration } from "@/lib/shared/format";
import { LoginForm } from "./login-form";

const TITLE = "Sign in";
export async function generateMetadata(): Promise<Metadata> {
  return { title: await formPostTitle(TITLE) };
}

type Search = { callbackUrl?: string | string[]; signedOut?: string };

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
      {search.signedOut === "1" && (
        <div className="alert ok" role="status">
          You have signed out.
        </div>
      )}
      {!search.signedOut && search.callbackUrl && (
        <div className="alert info" role="status">
          Sign in to continue.
        </div>
      )}
      <LoginForm callbackUrl={callbackUrl} sessionLifetime={formatDuration(env.SESSION_MAX_AGE)} />
      <p className="after-button">
        <Link href="/forgot-password">Forgot your password?</Link>
      </p>
      <p>
        New here? <Link href="/register">Create an account</Link>
      </p>
    </div>
  );
}
