import "server-only";
import { cookies } from "next/headers";
import { env } from "@/lib/platform/env";
import { seal, unseal } from "@/lib/security/signed-data";

// HttpOnly cookies whose value the client cannot forge (see lib/security/signed-data.ts).

export async function setSignedCookie(name: string, data: unknown, maxAgeSeconds: number, path = "/") {
  (await cookies()).set(name, seal(data, maxAgeSeconds), {
    httpOnly: true,
    sameSite: "lax",
    secure: env.secureCookies,
    path,
    maxAge: maxAgeSeconds,
  });
}

export async function readSignedCookie<T>(name: string): Promise<T | null> {
  return unseal<T>((await cookies()).get(name)?.value);
}

export async function deleteCookie(name: string, path = "/") {
  (await cookies()).delete({ name, path });
}
