import { Secret, TOTP } from "otpauth";

// The authenticator app, for browser and API tests: the code for a base32 key (as shown on the page, spaces
// allowed) at a moment, 30-second steps, 6 digits, SHA-1.
export function authenticatorCode(key: string, at = Date.now()): string {
  return TOTP.generate({ secret: Secret.fromBase32(key.replace(/\s/g, "")), digits: 6, period: 30, timestamp: at });
}

/**
 * The code of the step before the current one: turning two-factor on with it keeps the current step's code
 * unused for a sign-in right after. It is taken in the first half of a step, since a previous step's code
 * is accepted only until the next step begins, and a busy machine can take seconds to check it.
 */
export async function previousStepCode(key: string): Promise<string> {
  const intoStep = (Date.now() / 1000) % 30;
  if (intoStep > 15) await new Promise((resolve) => setTimeout(resolve, (30 - intoStep) * 1000 + 50));
  return authenticatorCode(key, Date.now() - 30_000);
}
