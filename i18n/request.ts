import { getRequestConfig } from "next-intl/server";
import { messagesFor } from "@/lib/platform/i18n";
import { requestLocale } from "@/lib/sessions/locale";

// next-intl's per-request configuration. URLs carry no locale: lib/sessions/locale.ts decides it per request.
// Times render in UTC on the server (named as such); app/components/local-time.tsx switches to the
// browser's own time zone once it runs.
export default getRequestConfig(async () => {
  const locale = await requestLocale();
  return { locale, messages: messagesFor(locale), timeZone: "UTC" };
});
