import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { ClientMessages } from "@/app/components/client-messages";
import { LanguageSwitcher } from "@/app/components/language-switcher";
import { getCurrentSession } from "@/lib/sessions/dal";
import { env } from "@/lib/platform/env";
import { signOutAction } from "./account/actions";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("Common");
  return {
    title: { default: env.APP_NAME, template: `%s · ${env.APP_NAME}` },
    description: t("description", { appName: env.APP_NAME }),
  };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

// Each link is configured (HELP_URL, PRIVACY_URL, TERMS_URL) and hidden while unset.
const FOOTER_LINKS = [
  ["footerHelp", env.HELP_URL],
  ["footerPrivacy", env.PRIVACY_URL],
  ["footerTerms", env.TERMS_URL],
] as const;

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const [current, locale, t] = await Promise.all([getCurrentSession(), getLocale(), getTranslations("Common")]);
  const footerLinks = FOOTER_LINKS.filter(([, href]) => Boolean(href)).map(([key, href]) => [t(key), href!] as const);
  return (
    <html lang={locale}>
      <body>
        <a className="skip-link" href="#main">
          {t("skipToContent")}
        </a>
        <header className="site-header">
          <div className="inner">
            <Link className="brand" href="/">
              {env.APP_NAME}
            </Link>
            <nav className="site-nav" aria-label={t("mainNav")}>
              {current ? (
                <>
                  {current.user.roles.includes("admin") && <Link href="/admin">{t("admin")}</Link>}
                  <Link href="/account">
                    {t("yourAccount")}
                    <span className="visually-hidden">{t("signedInAs")}</span>{" "}
                    <span className="muted">({current.user.username})</span>
                  </Link>
                  <form action={signOutAction}>
                    <button type="submit" className="link-button">
                      {t("signOut")}
                    </button>
                  </form>
                </>
              ) : (
                <>
                  <Link href="/login">{t("signIn")}</Link>
                  <Link href="/register">{t("signUp")}</Link>
                </>
              )}
            </nav>
          </div>
        </header>
        <main id="main">
          {/* The error page is the only client component every page may show. */}
          <ClientMessages namespaces={["ErrorPage"]}>{children}</ClientMessages>
        </main>
        <footer className="site-footer">
          <div className="inner">
            <span>
              © {new Date().getFullYear()} {env.APP_NAME}
            </span>
            {footerLinks.length > 0 && (
              <nav aria-label={t("footerNav")}>
                <ul className="footer-links">
                  {footerLinks.map(([label, href]) => (
                    <li key={label}>
                      <a href={href}>{label}</a>
                    </li>
                  ))}
                </ul>
              </nav>
            )}
            <LanguageSwitcher />
          </div>
        </footer>
      </body>
    </html>
  );
}
