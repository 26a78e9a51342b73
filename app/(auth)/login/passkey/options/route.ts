import { passkeySignInOptions } from "@/lib/accounts/passkeys";

// A fresh, single-use challenge for "Sign in with a passkey" (and the browser's passkey autofill).
export async function POST() {
  return Response.json(await passkeySignInOptions(), { headers: { "Cache-Control": "no-store" } });
}
