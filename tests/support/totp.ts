import { Secret, TOTP } from "otpauth";

// The authenticator app, for browser and API tests: the code for a base32 key (as shown on the page, spaces
// allowed) at a moment, 30-second steps, 6 digits, SHA-1.
export function authenticatorCode(key: string, at = Date.now()): string {
  return TOTP.generate({ secret: Secret.fromBase32(key.replace(/\s/g, "")), digits: 6, period: 30, timestamp: at });
}
