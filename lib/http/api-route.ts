import * as z from "zod/mini";
import { withCors, preflight } from "@/lib/http/cors";
import { isDatabaseUnavailable, markDatabaseUnavailable } from "@/lib/platform/db-errors";
import { localizeFieldErrors, translatorFor } from "@/lib/platform/i18n";
import { errorMessage, log } from "@/lib/platform/log";
import { apiLocale } from "@/lib/http/request";
import { fieldErrors } from "@/lib/shared/validation";

// The JSON API's request and response plumbing, shared by every API route: bodies read as text whatever
// the Content-Type (the original SPA sends none), size-capped, parsed defensively; errors always JSON; one
// wrapper that turns a thrown error into a 500 or 503 without leaking a stack trace, and applies CORS.

import { MAX_BODY_BYTES } from "@/lib/platform/env";

export { MAX_BODY_BYTES };

export type Parsed<T> = { ok: true; data: T } | { ok: false; response: Response };
type FieldErrors = Record<string, string[] | undefined>;

// ---- Responses -----------------------------------------------------------------------------------------

export function json(body: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(body, { status, headers });
}

export function errorResponse(status: number, message: string, headers?: HeadersInit): Response {
  return json({ message }, status, headers);
}

/** 400 with per-field messages. */
export function invalidInput(errors: FieldErrors, message = "Some fields are missing or invalid."): Response {
  return json({ message, errors }, 400);
}

/**
 * 401 with the `WWW-Authenticate` header RFC 6750 asks for; `error="invalid_token"` when the request did
 * present a token. `body` adds fields (the original SPA expects `access_token` on a failed login).
 */
export function unauthorized(
  message: string,
  { body = {}, tokenPresented = false }: { body?: Record<string, unknown>; tokenPresented?: boolean } = {},
): Response {
  return json({ ...body, message }, 401, {
    "WWW-Authenticate": tokenPresented ? 'Bearer error="invalid_token"' : "Bearer",
  });
}

/**
 * The answer to a right password on an account with two-factor on: a 401 with an empty access_token, so a
 * client that knows nothing of two-factor fails closed, and the mfa_token for /api/login/mfa.
 */
export function mfaRequired(mfaToken: string, message: string): Response {
  return unauthorized(message, { body: { access_token: "", mfa_required: true, mfa_token: mfaToken } });
}

export function tooManyRequests(retryAfterSeconds = 60, message = "Too many requests. Try again later."): Response {
  return json({ message }, 429, { "Retry-After": String(Math.max(1, Math.ceil(retryAfterSeconds))) });
}

/** 503 with Retry-After: the server is at its limit of work in progress (it refused this before starting it). */
export function overloaded(retryAfterSeconds = 1, message = "The server is busy. Try again in a moment."): Response {
  return json({ message }, 503, {
    "Retry-After": String(Math.max(1, Math.ceil(retryAfterSeconds))),
  });
}

// ---- Requests ------------------------------------------------------------------------------------------

const tooLarge = () => ({
  ok: false as const,
  response: errorResponse(413, `The request body is larger than ${MAX_BODY_BYTES / 1024} KB.`),
});

/**
 * The body as UTF-8 text, at most MAX_BODY_BYTES. Content-Length is checked first, then the bytes actually
 * read (a chunked body has no length, and a declared one can lie).
 */
export async function readBodyText(request: Request): Promise<Parsed<string>> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) return tooLarge();
  if (!request.body) return { ok: true, data: "" };

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      return tooLarge();
    }
    chunks.push(value);
  }
  try {
    return { ok: true, data: new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks)) };
  } catch {
    return {
      ok: false,
      response: invalidInput({ body: ["The body is not valid UTF-8 text."] }, "The request body is not valid JSON."),
    };
  }
}

/** Parses JSON text that must be an object. An empty body counts as `{}`, so missing fields get their own messages. */
export function parseJsonObject(text: string): Parsed<Record<string, unknown>> {
  if (text.trim() === "") return { ok: true, data: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {
      ok: false,
      response: invalidInput({ body: ["Send the fields as a JSON object."] }, "The request body is not valid JSON."),
    };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return {
      ok: false,
      response: invalidInput(
        { body: ["Send the fields as a JSON object."] },
        "The request body must be a JSON object.",
      ),
    };
  }
  return { ok: true, data: value as Record<string, unknown> };
}

/** Reads, parses and validates a JSON body. Unknown fields are dropped by the schema (no mass assignment). */
export async function readJsonBody<S extends z.core.$ZodType>(
  request: Request,
  schema: S,
): Promise<Parsed<z.output<S>>> {
  const text = await readBodyText(request);
  if (!text.ok) return text;
  const object = parseJsonObject(text.data);
  if (!object.ok) return object;
  // The functional safeParse takes any zod 4 schema, classic or mini (lib/validation uses zod/mini).
  const parsed = z.safeParse(schema, object.data);
  if (!parsed.success) {
    // The schemas answer message keys; the answer is in the language Accept-Language asks for.
    const locale = apiLocale(request);
    const errors = localizeFieldErrors(fieldErrors(parsed.error), locale);
    return { ok: false, response: invalidInput(errors, translatorFor(locale, "Api")("invalidInput")) };
  }
  return { ok: true, data: parsed.data };
}

/** The token of an `Authorization: Bearer …` header, or null. */
export function bearerToken(request: Request): string | null {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(request.headers.get("authorization") ?? "");
  return match ? match[1] : null;
}

/**
 * The access token a refresh call carries: a Bearer header, or the body as the raw token (what the
 * original SPA sends), as a JSON string, or as `{"access_token": "…"}`. Null when there is none.
 */
export async function readAccessToken(request: Request): Promise<Parsed<string | null>> {
  const text = await readBodyText(request);
  if (!text.ok) return text;
  const header = bearerToken(request);
  if (header) return { ok: true, data: header };

  const body = text.data.trim();
  if (body === "") return { ok: true, data: null };
  if (!/^[{["]/.test(body)) return { ok: true, data: body };
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return {
      ok: false,
      response: invalidInput(
        { body: ['Send the token as the body or as {"access_token": "…"}.'] },
        "The request body is not valid JSON.",
      ),
    };
  }
  if (typeof value === "string") return { ok: true, data: value };
  const isObject = typeof value === "object" && value !== null && !Array.isArray(value);
  const token = isObject ? (value as { access_token?: unknown }).access_token : undefined;
  if (typeof token === "string") return { ok: true, data: token };
  if (isObject && token === undefined) return { ok: true, data: null };
  return { ok: false, response: invalidInput({ access_token: ["Send the access token as a string."] }) };
}

// ---- The route wrapper ---------------------------------------------------------------------------------

type Handler = (request: Request) => Promise<Response>;
type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

async function guarded(handler: Handler, request: Request): Promise<Response> {
  try {
    return await handler(request);
  } catch (error) {
    const path = new URL(request.url).pathname;
    if (isDatabaseUnavailable(error)) {
      markDatabaseUnavailable();
      log.warn("database unavailable", { method: request.method, path, error: errorMessage(error) });
      return errorResponse(503, "The service is temporarily unavailable. Try again in a moment.", {
        "Retry-After": "5",
      });
    }
    log.error("unhandled error in an API route", {
      method: request.method,
      path,
      error: errorMessage(error),
      stack: error instanceof Error ? error.stack : undefined,
    });
    return errorResponse(500, "Something went wrong");
  }
}

/**
 * Wraps an API route's handlers: errors become JSON 500/503, responses get CORS and `no-store` (they carry
 * tokens and personal data) unless the handler set its own caching, and OPTIONS answers preflights.
 *   export const { POST, OPTIONS } = apiRoute({ POST: async (request) => … });
 */
export function apiRoute<M extends Method>(handlers: Record<M, Handler>): Record<M | "OPTIONS", Handler> {
  const methods = Object.keys(handlers) as M[];
  const wrapped = Object.fromEntries(
    methods.map((method) => [
      method,
      async (request: Request) => {
        const response = await guarded(handlers[method], request);
        if (!response.headers.has("Cache-Control")) response.headers.set("Cache-Control", "no-store");
        return withCors(request, response);
      },
    ]),
  ) as Record<M, Handler>;
  return { ...wrapped, OPTIONS: async (request: Request) => preflight(request, methods) };
}
