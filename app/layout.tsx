import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { getCurrentSession } from "@/lib/sessions/dal";
import { env } from "@/lib/platform/env";
import { signOutAction } from "./account/actions";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: env.APP_NAME, template: `%s · ${env.APP_NAME}` },
  description: `Sign up, sign in and manage your ${env.APP_NAME} account.`,
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

// Each link is configured (HELP_URL, PRIVACY_URL, TERMS_URL) and hidden while unset.
const footerLinks = (
  [
    ["Help and contact", env.HELP_URL],
    ["Privacy", env.PRIVACY_URL],
    ["Terms", env.TERMS_URL],
  ] as [string, string | undefined][]
).filter((link): link is [string, string] => Boolean(link[1]));

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
                  <Link href="/account">
                    Your account<span className="visually-hidden">, signed in as</span>{" "}
                    <span className="muted">({current.user.username})</span>
                  </Link>
                  <form action={signOutAction}>
                    <button type="submit" className="link-button">
                      Sign out
                    </button>
                  </form>
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
            {footerLinks.length > 0 && (
              <nav aria-label="Footer">
                <ul className="footer-links">
                  {footerLinks.map(([label, href]) => (
                    <li key={label}>
                      <a href={href}>{label}</a>
                    </li>
                  ))}
                </ul>
              </nav>
            )}
          </div>
        </footer>
      </body>
    </html>
  );
}
