import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { secondStepIsLive } from "@/lib/accounts/two-factor";
import { safeRedirectPath } from "@/lib/http/request";
import { getCurrentSession } from "@/lib/sessions/dal";
import { heldSecondStep } from "../sign-in-session";
import { TwoFactorForm } from "./two-factor-form";

export const metadata: Metadata = { title: "Two-factor sign-in" };

type Search = { callbackUrl?: string | string[]; method?: string };

export default async function TwoFactorPage({ searchParams }: { searchParams: Promise<Search> }) {
  const search = await searchParams;
  const callbackUrl = safeRedirectPath(search.callbackUrl);
  if (await getCurrentSession()) redirect(callbackUrl);
  if (!(await secondStepIsLive(await heldSecondStep()))) redirect("/login?expired=second-step");
  const recovery = search.method === "recovery";
  return (
    <div className="card">
      <h1>Two-factor sign-in</h1>
      <p>
        {recovery
          ? "Enter one of your recovery codes. Each code works once."
          : "Enter the 6-digit code from your authenticator app."}
      </p>
      <TwoFactorForm callbackUrl={callbackUrl} recovery={recovery} />
      <p>
        <Link href="/login">Start over</Link>
      </p>
    </div>
  );
}
