import { env } from "@/lib/platform/env";

// Cross-origin access to the JSON API for the browser apps listed in CORS_ORIGINS (none by default). The
// API authenticates with Bearer tokens, never cookies, so credentials are not allowed and an allowed origin
// gains nothing a server-side client does not already have.

const ALLOWED_HEADERS = "Authorization, Content-Type";
// Browsers hide response headers from scripts unless listed; clients need these two to back off and re-auth.
const EXPOSED_HEADERS = "Retry-After, WWW-Authenticate";

function allowedOrigin(request: Request): string | null {
  const origin = request.headers.get("origin");
  return origin && env.CORS_ORIGINS.includes(origin) ? origin : null;
}

/** Adds the CORS headers an actual (non-preflight) response needs. */
export function withCors(request: Request, response: Response): Response {
  if (env.CORS_ORIGINS.length === 0) return response;
  // The answer depends on Origin, so caches must key on it.
  response.headers.append("Vary", "Origin");
  const origin = allowedOrigin(request);
  if (origin) {
    response.headers.set("Access-Control-Allow-Origin", origin);
    response.headers.set("Access-Control-Expose-Headers", EXPOSED_HEADERS);
  }
  return response;
}

/**
 * The answer to OPTIONS. A preflight from an origin that is not allowed gets no CORS headers, which is how
 * a browser learns to refuse the real request.
 */
export function preflight(request: Request, methods: string[]): Response {
  const allow = [...methods, "OPTIONS"].join(", ");
  const response = new Response(null, { status: 204, headers: { Allow: allow } });
  const origin = allowedOrigin(request);
  if (origin) {
    response.headers.set("Access-Control-Allow-Origin", origin);
    response.headers.set("Access-Control-Allow-Methods", allow);
    response.headers.set("Access-Control-Allow-Headers", ALLOWED_HEADERS);
    response.headers.set("Access-Control-Max-Age", "600");
  }
  if (env.CORS_ORIGINS.length > 0) response.headers.append("Vary", "Origin");
  return response;
}
