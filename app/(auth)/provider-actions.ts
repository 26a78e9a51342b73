"use server";

import { startProviderSignIn } from "@/lib/accounts/providers";
import { env } from "@/lib/platform/env";

/** A "Continue with …" button: off to the provider, back to `callbackUrl` (same-origin only) once signed in. */
export async function continueWithProvider(formData: FormData) {
  const provider = env.providers.find((p) => p.id === formData.get("provider"));
  if (!provider) return;
  await startProviderSignIn(provider.id, formData.get("callbackUrl"));
}
