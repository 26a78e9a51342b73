import type en from "@/messages/en.json";
import type { Locale } from "@/lib/shared/locales";

// Typed keys: a t("…") call with a key that messages/en.json lacks fails `npm run typecheck`.
declare module "next-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: typeof en;
  }
}
