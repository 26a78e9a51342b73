"use server";

import { redirect } from "next/navigation";
import { disconnectProvider } from "@/lib/accounts/provider-accounts";
import { startProviderConnect } from "@/lib/accounts/providers";
import { requestMeta } from "@/lib/http/request";
import { env } from "@/lib/platform/env";
import { requireUser } from "@/lib/sessions/dal";

/** "Connect": off to the provider; its callback connects the identity to this session's account. */
export async function connectProviderAction(formData: FormData) {
  const { sessionId } = await requireUser("/account/security");
  const provider = env.providers.find((p) => p.id === formData.get("provider"));
  if (!provider) redirect("/account/security");
  await startProviderConnect(provider.id, sessionId);
}

export async function disconnectProviderAction(formData: FormData) {
  const { user } = await requireUser("/account/security");
  const provider = String(formData.get("provider") ?? "");
  const result = await disconnectProvider(user.id, provider, await requestMeta());
  redirect(
    result.ok
      ? `/account/security?disconnected=${encodeURIComponent(provider)}`
      : `/account/security?error=${result.error}&provider=${encodeURIComponent(provider)}`,
  );
}
