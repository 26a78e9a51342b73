import { apiRoute, json, readJsonBody, tooManyRequests } from "@/lib/http/api-route";
import { requestPasswordReset } from "@/lib/accounts/passwords";
import { ifAccountExistsMessage, throttledMessage } from "@/lib/shared/messages";
import { metaFrom } from "@/lib/http/request";
import { forgotPasswordSchema } from "@/lib/shared/validation";

// The original app answered 403/404 here, telling who has an account; this answers the same for everyone.
export const { POST, OPTIONS } = apiRoute({
  async POST(request) {
    const input = await readJsonBody(request, forgotPasswordSchema);
    if (!input.ok) return input.response;
    const meta = metaFrom(request.headers);
    const throttled = await requestPasswordReset(input.data.email, meta);
    if (throttled) {
      const { retryAfterSeconds } = throttled;
      return tooManyRequests(retryAfterSeconds, throttledMessage(retryAfterSeconds, "email-requests"));
    }
    return json({ message: ifAccountExistsMessage() });
  },
});
