import { authenticateAccessToken } from "@/lib/accounts/api-sessions";
import { disableTwoFactor, startTotpEnrolment } from "@/lib/accounts/two-factor";
import {
  apiRoute,
  bearerToken,
  errorResponse,
  json,
  readJsonBody,
  tooManyRequests,
  unauthorized,
} from "@/lib/http/api-route";
import { metaFrom } from "@/lib/http/request";
import { disableTwoFactorSchema } from "@/lib/shared/validation";

// Two-factor for API clients: POST starts setting up an authenticator app (not in force until confirmed
// through /api/mfa/totp/confirm); DELETE turns it off with the password and a code.
export const { POST, DELETE, OPTIONS } = apiRoute({
  async POST(request) {
    const token = bearerToken(request);
    const session = await authenticateAccessToken(token);
    if (!session) return unauthorized("Sign in first.", { tokenPresented: Boolean(token) });
    const result = await startTotpEnrolment(session.user.id);
    if (!result.ok) return errorResponse(409, "Two-factor sign-in is already on.");
    return json({ secret: result.secret, otpauth_url: result.otpauthUrl });
  },

  async DELETE(request) {
    const token = bearerToken(request);
    const session = await authenticateAccessToken(token);
    if (!session) return unauthorized("Sign in first.", { tokenPresented: Boolean(token) });
    const input = await readJsonBody(request, disableTwoFactorSchema);
    if (!input.ok) return input.response;
    const { password, code } = input.data;
    const result = await disableTwoFactor(session.user.id, password, code, metaFrom(request.headers));
    if (result.ok) return new Response(null, { status: 204 });
    if (result.error === "throttled") return tooManyRequests(result.retryAfterSeconds);
    if (result.error === "not_on") return errorResponse(400, "Two-factor sign-in is not on.");
    if (result.error === "wrong_password") return errorResponse(400, "That is not your password.");
    return errorResponse(400, "That code is not right, or was already used.");
  },
});
