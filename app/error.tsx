"use client";

import { useTranslations } from "next-intl";

// Shown when a page fails on the server. No details reach the browser (Next.js sends only a digest); the
// server log has them. A database outage turns the following requests into a 503 page (proxy.ts).
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("ErrorPage");
  return (
    <div className="card">
      <h1>{t("title")}</h1>
      <p>{t("text")}</p>
      <button type="button" className="button" onClick={() => reset()}>
        {t("retry")}
      </button>
    </div>
  );
}
