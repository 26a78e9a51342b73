import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { providerName } from "@/lib/accounts/provider-accounts";
import { pendingProviderSignUp } from "@/lib/accounts/providers";
import { getCurrentSession } from "@/lib/sessions/dal";
import { UsernameForm } from "./username-form";

export const metadata: Metadata = { title: "Choose your username" };

/** The step between a first provider sign-in and the new account: the person picks a username. */
export default async function ChooseUsernamePage() {
  if (await getCurrentSession()) redirect("/account");
  const pending = await pendingProviderSignUp();
  if (!pending) redirect("/register");
  return (
    <div className="card">
      <h1>Choose your username</h1>
      <p className="muted">
        You are creating an account for <strong>{pending.email}</strong> with {providerName(pending.provider)}.
      </p>
      <UsernameForm suggested={pending.suggestedUsername} />
      <p>
        Not you? <Link href="/register">Start again</Link>
      </p>
    </div>
  );
}
