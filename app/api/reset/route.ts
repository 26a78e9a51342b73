import { apiRoute, json, readJsonBody, tooManyRequests } from "@/lib/http/api-route";
import { requestPasswordReset } from "@/lib/accounts/passwords";
import { hit, LIMITS } from "@/lib/security/rate-limit";
import { metaFrom } from "@/lib/http/request";
import { forgotPasswordSchema } from "@/lib/shared/validation";

// The original app answered 403/404 here, telling who has an account; this answers the same for everyone.
export const { POST, OPTIONS } = apiRoute({
  async POST(request) {
    const input = await readJsonBody(request, forgotPasswordSchema);
    if (!input.ok) return input.response;
    const meta = metaFrom(request.headers);
    if (meta.ip) {
      const limit = await hit(`email-requests:ip:${meta.ip}`, LIMITS.emailRequestsPerIp);
      if (!limit.allowed) return tooManyRequests(limit.retryAfterSeconds, "Too many requests. Try again later.");
    }
    requestPasswordReset(input.data.email, meta);
    return json({ message: "If an account exists for that address, we sent it a link to reset the password." });
  },
});
