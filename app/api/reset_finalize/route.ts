import { resetPasswordForApi, signedInBody } from "@/lib/accounts/api-sessions";
import {
  apiRoute,
  bearerToken,
  invalidInput,
  json,
  readJsonBody,
  tooManyRequests,
  unauthorized,
} from "@/lib/http/api-route";
import { metaFrom } from "@/lib/http/request";
import * as z from "zod/mini";
import { currentPasswordSchema } from "@/lib/shared/validation";

// The reset token comes as a Bearer header (as the original SPA sends it), the new password in the body.
// A password that breaks the policy is a 400 and the token stays usable; a bad token is a 401, never a 500.
const bodySchema = z.object({ password: currentPasswordSchema });

export const { POST, OPTIONS } = apiRoute({
  async POST(request) {
    const token = bearerToken(request);
    if (!token) return unauthorized("Send the reset token as a Bearer token.");
    const input = await readJsonBody(request, bodySchema);
    if (!input.ok) return input.response;
    const result = await resetPasswordForApi(token, input.data.password, metaFrom(request.headers));
    if (result.ok) return json(signedInBody(result));
    if (result.error === "throttled") return tooManyRequests(result.retryAfterSeconds);
    if (result.error === "invalid") return invalidInput(result.fieldErrors ?? {});
    return unauthorized("This reset link is invalid, expired or already used.", { tokenPresented: true });
  },
});
