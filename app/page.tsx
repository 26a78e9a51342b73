import Link from "next/link";
import { getCurrentSession } from "@/lib/sessions/dal";
import { env } from "@/lib/platform/env";

export default async function HomePage() {
  const current = await getCurrentSession();
  return (
    <>
      <section className="hero">
        <h1>Welcome to {env.APP_NAME}</h1>
        <p>One account for everything here: sign up with your email, confirm it, and sign in securely.</p>
        <div className="actions">
          {current ? (
            <Link className="button" href="/account">
              Go to your account
            </Link>
          ) : (
            <>
              <Link className="button" href="/register">
                Create an account
              </Link>
              <Link className="button secondary" href="/login">
                Sign in
              </Link>
            </>
          )}
        </div>
      </section>
      <section className="features" aria-label="What you get">
        <div className="card">
          <h2>Confirmed email</h2>
          <p className="muted">Links expire and work once, so an old email cannot be used against you.</p>
        </div>
        <div className="card">
          <h2>Strong passwords</h2>
          <p className="muted">Long passphrases welcome; common and guessable passwords are refused.</p>
        </div>
        <div className="card">
          <h2>You stay in control</h2>
          <p className="muted">See recent activity and sign out of every device at once.</p>
        </div>
      </section>
    </>
  );
}
