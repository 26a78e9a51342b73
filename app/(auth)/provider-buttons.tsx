import { getTranslations } from "next-intl/server";
import { env } from "@/lib/platform/env";
import { continueWithProvider } from "./provider-actions";

/** One "Continue with …" button per configured provider; nothing at all when none is configured. */
export async function ProviderButtons({ callbackUrl }: { callbackUrl?: string }) {
  if (env.providers.length === 0) return null;
  const t = await getTranslations("Providers");
  return (
    <div className="providers">
      <p className="divider">{t("or")}</p>
      {env.providers.map((provider) => (
        <form key={provider.id} action={continueWithProvider}>
          <input type="hidden" name="provider" value={provider.id} />
          {callbackUrl && <input type="hidden" name="callbackUrl" value={callbackUrl} />}
          <button type="submit" className="button secondary provider">
            {t("continueWith", { provider: provider.name })}
          </button>
        </form>
      ))}
    </div>
  );
}
