import { env } from "@/lib/platform/env";
import { continueWithProvider } from "./provider-actions";

/** One "Continue with …" button per configured provider; nothing at all when none is configured. */
export function ProviderButtons({ callbackUrl }: { callbackUrl?: string }) {
  if (env.providers.length === 0) return null;
  return (
    <div className="providers">
      <p className="divider">or</p>
      {env.providers.map((provider) => (
        <form key={provider.id} action={continueWithProvider}>
          <input type="hidden" name="provider" value={provider.id} />
          {callbackUrl && <input type="hidden" name="callbackUrl" value={callbackUrl} />}
          <button type="submit" className="button secondary provider">
            Continue with {provider.name}
          </button>
        </form>
      ))}
    </div>
  );
}
