import "server-only";
import crypto from "node:crypto";
import { env } from "@/lib/platform/env";

// Secrets the server must read back in the clear (an authenticator app's key), stored as AES-256-GCM
// ciphertext under a key derived from AUTH_SECRET, so a database dump alone does not give them away.
// `context` (the owner's id) is bound in as associated data: a sealed value moved to another row fails to open.

function boxKey(secret: string): Buffer {
  return Buffer.from(crypto.hkdfSync("sha256", secret, "", "accounts secret box v1", 32));
}

export function sealSecret(plain: string, context: string, secret = env.AUTH_SECRET): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", boxKey(secret), iv);
  cipher.setAAD(Buffer.from(context));
  const sealed = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", ...[iv, sealed, cipher.getAuthTag()].map((part) => part.toString("base64url"))].join(".");
}

/** The plain text, or null when it was sealed under another AUTH_SECRET or context, or tampered with. */
export function openSecret(sealed: string, context: string, secret = env.AUTH_SECRET): string | null {
  const [version, iv, body, tag] = sealed.split(".");
  if (version !== "v1" || !iv || !body || !tag) return null;
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", boxKey(secret), Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
