// Email addresses are normalised (trim, NFKC, lower-case) and validated strictly before they reach the
// database or a mail server: one "@", no quotes, commas, spaces or control characters, ASCII only.
// Look-alike at-signs are refused *before* NFKC, which would otherwise turn "＠" into a real "@".

const LOOKALIKE_AT = /[\uFF20\uFE6B]/;
const ADDRESS =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export const EMAIL_MAX_LENGTH = 254;

/** A login name (username or email) as it is compared and counted: trimmed, NFKC, lower-case. */
export function normalizeLogin(raw: string): string {
  return raw.trim().normalize("NFKC").toLowerCase();
}

/** Addresses normalise the same way as login names, so "Alice@Example.com" and "alice@example.com" are one. */
export const normalizeEmail = normalizeLogin;

/** The normalised address, or null when it is not one we accept. */
export function parseEmail(raw: string): string | null {
  if (LOOKALIKE_AT.test(raw)) return null;
  const email = normalizeEmail(raw);
  // Any other character that NFKC folds into "@" is a look-alike too.
  if (email.split("@").length !== raw.split("@").length) return null;
  if (email.length > EMAIL_MAX_LENGTH || !ADDRESS.test(email)) return null;
  const local = email.slice(0, email.indexOf("@"));
  return local.length <= 64 ? email : null;
}

/** "alice@example.com" -> "a•••e@example.com", for pages that confirm where mail went. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  const local = email.slice(0, at);
  const masked = local.length <= 2 ? `${local[0]}•••` : `${local[0]}•••${local[local.length - 1]}`;
  return masked + email.slice(at);
}
