import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";
import type { Messages } from "@/lib/platform/i18n";

/**
 * Hands the client components below it the catalogue namespaces they use, and nothing more: the whole
 * catalogue would otherwise travel with every page (next-intl passes all messages by default).
 */
export async function ClientMessages({
  namespaces,
  children,
}: {
  namespaces: (keyof Messages)[];
  children: React.ReactNode;
}) {
  const messages = await getMessages();
  // Every form shows the error summary and the hidden "Error:" prefix (app/components/form.tsx).
  const picked = Object.fromEntries(
    [...new Set([...namespaces, "Form" as const])].map((namespace) => [namespace, messages[namespace]]),
  );
  return <NextIntlClientProvider messages={picked}>{children}</NextIntlClientProvider>;
}
