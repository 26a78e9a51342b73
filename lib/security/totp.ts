import "server-only";
import crypto from "node:crypto";
import { Secret, TOTP } from "otpauth";
import { renderSVG } from "uqr";
import { env } from "@/lib/platform/env";

// Time-based one-time passwords (RFC 6238) as every authenticator app computes them: HMAC-SHA1, 6 digits,
// 30-second steps. A code of the step before or after the current one is accepted (clocks drift, people
// type slowly); nothing further. Which steps were already used is the caller's business (lib/accounts).

export const TOTP_PERIOD = 30;
export const TOTP_DIGITS = 6;
const WINDOW = 1;

/** A new random key (160 bits, RFC 4226's recommendation), in base32 as apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The step a moment falls in. */
export function totpStep(at = Date.now()): number {
  return Math.floor(at / 1000 / TOTP_PERIOD);
}

/** The code for `secret` (base32) at `at`; tests use this to act as the authenticator app. */
export function totpCode(secret: string, at = Date.now()): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), digits: TOTP_DIGITS, period: TOTP_PERIOD, timestamp: at });
}

/**
 * The step whose code `code` is, within one step of `at`, or null. The caller accepts it only if that step
 * is later than the last one used, which makes every code single use.
 */
export function matchTotpStep(secret: string, code: string, at = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = TOTP.validate({
    token: code,
    secret: Secret.fromBase32(secret),
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD,
    timestamp: at,
    window: WINDOW,
  });
  return delta === null ? null : totpStep(at) + delta;
}

/** The otpauth:// URI a QR code carries to the app (Key Uri Format). */
export function totpUri(secret: string, account: string, issuer: string): string {
  return new TOTP({
    issuer,
    label: account,
    secret: Secret.fromBase32(secret),
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD,
  }).toString();
}

/** The key in groups of four, easier to type into an app by hand. */
export function groupedSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(" ") ?? secret;
}

/** An SVG QR code of `text`, made here: the secret never goes to an outside service. */
export function qrCodeSvg(text: string): string {
  return renderSVG(text, { border: 2, ecc: "M" });
}

// ---- Recovery codes ------------------------------------------------------------------------------------

const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"; // 31 symbols, no 0/o, 1/l/i look-alikes
const RECOVERY_LENGTH = 12; // 12 × log2(31) ≈ 59 bits

/** Ten fresh recovery codes, as shown to the user ("xxxx-xxxx-xxxx"). */
export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const symbols = Array.from({ length: RECOVERY_LENGTH }, () => RECOVERY_ALPHABET[crypto.randomInt(31)]).join("");
    return symbols.match(/.{4}/g)!.join("-");
  });
}

/** What the user typed, reduced to the code's symbols (dashes, spaces and case do not matter). */
export function normalizeRecoveryCode(input: string): string | null {
  const symbols = input.toLowerCase().replace(/[\s-]/g, "");
  return symbols.length === RECOVERY_LENGTH && [...symbols].every((c) => RECOVERY_ALPHABET.includes(c))
    ? symbols
    : null;
}

// Stored as an HMAC under a key derived from AUTH_SECRET and bound to the account: ~59 random bits are too
// many to guess online, and a database dump alone is not enough to try them offline.
const recoveryKey = Buffer.from(crypto.hkdfSync("sha256", env.AUTH_SECRET, "", "accounts recovery codes v1", 32));

export function hashRecoveryCode(userId: string, normalized: string): string {
  return crypto.createHmac("sha256", recoveryKey).update(`${userId}:${normalized}`).digest("hex");
}
