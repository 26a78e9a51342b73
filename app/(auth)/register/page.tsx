import type { Metadata } from "next";
import { formPostTitle } from "@/app/components/page-title";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentSession } from "@/lib/sessions/dal";
import { env } from "@/lib/platform/env";
import { RegisterForm } from "./register-form";

const TITLE = "Create your account";
export async function generateMetadata(): Promise<Metadata> {
  return { title: await formPostTitle(TITLE) };
}

export default async function RegisterPage() {
  if (await getCurrentSession()) redirect("/account");
  return (
    <div className="card">
      <h1>Create your account</h1>
      <p className="muted">We will email you a link to confirm your address.</p>
      <RegisterForm minLength={env.PASSWORD_MIN_LENGTH} appName={env.APP_NAME} />
      <p>
        Already have an account? <Link href="/login">Sign in</Link>
      </p>
    </div>
  );
}
