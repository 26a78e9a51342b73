import "server-only";
import type { IncomingHttpHeaders } from "node:http";
import { overloaded } from "@/lib/http/api-route";
import { withCors } from "@/lib/http/cors";
import { apiLocaleFor } from "@/lib/http/request";
import { env } from "@/lib/platform/env";
import { translatorFor } from "@/lib/platform/i18n";
import type { Locale } from "@/lib/shared/locales";
import { ADMISSION_RETRY_AFTER_SECONDS, HASH_ADMISSION_LIMIT, takePlace } from "@/lib/security/password-hash";

// Admission at the server's door, for the JSON API's sign-in and sign-up. The hash threads admit at most
// HASH_ADMISSION_LIMIT flows (lib/security/password-hash.ts), but that check runs in the route handler, and
// under a flood a request waits for the event loop behind Next.js's request pipeline (routing, the proxy,
// body parsing) long before it gets there: the bench measured refusals that took 25 s to say "busy". So the
// server entry (server.mjs) asks here first, for every request, before Next.js sees it: at most
// HASH_ADMISSION_LIMIT of these API requests are in progress at once, counted from arrival to the last byte
// of the answer, and any more are refused at once with the same 503 the route would give (Retry-After, the
// API's language, CORS). The route's own check stays: it bounds the website's forms too, and `next dev`,
// which has no such entry.

/** Where server.mjs finds the check (the entry runs outside the bundles: the global symbol registry is
 *  what both sides can name). */
const ENTRY_ADMISSION = Symbol.for("accounts.entryAdmission");

const HASH_ROUTES = new Set(["/api/login", "/api/registration"]);

/** A refusal as the entry writes it. */
export type EntryRefusal = { status: number; headers: Record<string, string>; body: string };
export type EntryVerdict = { release: () => void } | { refusal: Promise<EntryRefusal> } | null;

/** Requests to HASH_ROUTES in progress, counted apart from the hash threads' own admissions. */
const inProgress = { admitted: 0 };

/** null for a request this does not bound; else a place to release when its answer is done, or the refusal. */
export function admitAtEntry(
  method: string | undefined,
  url: string | undefined,
  headers: IncomingHttpHeaders,
): EntryVerdict {
  if (method !== "POST" || !HASH_ROUTES.has((url ?? "").split("?")[0])) return null;
  return takePlace(inProgress, HASH_ADMISSION_LIMIT) ?? { refusal: refusalFor(headers) };
}

// A refusal must cost next to nothing, since a flood is made of them: each is built once per language and
// allowed origin (the API's own 503 and CORS rules), then reused.
const refusals = new Map<string, Promise<EntryRefusal>>();

function refusalFor(headers: IncomingHttpHeaders): Promise<EntryRefusal> {
  const locale = apiLocaleFor(headers["accept-language"]);
  const origin = String(headers.origin ?? "");
  const allowedOrigin = env.CORS_ORIGINS.includes(origin) ? origin : "";
  const key = `${locale} ${allowedOrigin}`;
  let refusal = refusals.get(key);
  if (!refusal) {
    refusal = buildRefusal(locale, allowedOrigin);
    refusals.set(key, refusal);
  }
  return refusal;
}

async function buildRefusal(locale: Locale, origin: string): Promise<EntryRefusal> {
  const request = new Request(env.APP_URL, { headers: origin ? { origin } : {} });
  const busy = translatorFor(locale, "Api")("busy");
  const response = withCors(request, overloaded(ADMISSION_RETRY_AFTER_SECONDS, busy));
  response.headers.set("Cache-Control", "no-store");
  return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
}

/** Hands the check to the server entry (called once at start-up). */
export function publishEntryAdmission() {
  (globalThis as Record<symbol, unknown>)[ENTRY_ADMISSION] = admitAtEntry;
}
