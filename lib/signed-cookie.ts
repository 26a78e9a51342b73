import "server-only";
import crypto from "node:crypto";
import { cookies } from "next/headers";
import { env } from "@/lib/env";

// Small server-set cookies the client must not forge (the address a sign-up is waiting on). HMAC-SHA256
// with a key derived from AUTH_SECRET, so rotating the secret invalidates them too.

const key = crypto.hkdfSync("sha256", env.AUTH_SECRET, "", "accounts signed cookie", 32);

function sign(body: string): string {
  return crypto.createHmac("sha256", Buffer.from(key)).update(body).digest("base64url");
}

export async function setSignedCookie(name: string, data: unknown, maxAgeSeconds: number) {
  const body = Buffer.from(JSON.stringify({ data, exp: Date.now() + maxAgeSeconds * 1000 })).toString("base64url");
  (await cookies()).set(name, `${body}.${sign(body)}`, {
    httpOnly: true,
    sameSite: "lax",
    secure: env.APP_URL.startsWith("https://"),
    path: "/",
    maxAge: maxAgeSeconds,
  });
}

export async function readSignedCookie<T>(name: string): Promise<T | null> {
  const value = (await cookies()).get(name)?.value;
  if (!value) return null;
  const [body, signature] = value.split(".");
  const expected = sign(body ?? "");
  if (
    !signature ||
    signature.length !== expected.length ||
    !crypto.timingSafeEqual(Buffer.from(signature), Buffer.from(expected))
  ) {
    return null;
  }
  try {
    const { data, exp } = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
    return typeof exp === "number" && exp > Date.now() ? (data as T) : null;
  } catch {
    return null;
  }
}
