import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { getCurrentSession } from "@/lib/sessions/dal";
import { env } from "@/lib/platform/env";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: env.APP_NAME, template: `%s · ${env.APP_NAME}` },
  description: `Sign up, sign in and manage your ${env.APP_NAME} account.`,
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const current = await getCurrentSession();
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <div className="inner">
            <Link className="brand" href="/">
              {env.APP_NAME}
            </Link>
            <nav className="site-nav" aria-label="Main">
              {current ? (
                <>
                  {current.user.roles.includes("admin") && <Link href="/admin">Admin</Link>}
                  <Link href="/account">{current.user.username}</Link>
                </>
              ) : (
                <>
                  <Link href="/login">Sign in</Link>
                  <Link href="/register">Sign up</Link>
                </>
              )}
            </nav>
          </div>
        </header>
        <main id="main">{children}</main>
        <footer className="site-footer">
          <div className="inner">
            <span>
              © {new Date().getFullYear()} {env.APP_NAME}
            </span>
            <span>Your password is stored only as an argon2id hash.</span>
          </div>
        </footer>
      </body>
    </html>
  );
}
