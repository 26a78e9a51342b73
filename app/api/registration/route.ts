import { env } from "@/lib/platform/env";
import { apiRoute, errorResponse, invalidInput, json, readJsonBody, tooManyRequests } from "@/lib/http/api-route";
import { metaFrom } from "@/lib/http/request";
import { registerUser } from "@/lib/accounts/sign-up";
import { accountSchema } from "@/lib/shared/validation";
import { throttledMessage } from "@/lib/shared/messages";

export const { POST, OPTIONS } = apiRoute({
  async POST(request) {
    const input = await readJsonBody(request, accountSchema(env.PASSWORD_MIN_LENGTH));
    if (!input.ok) return input.response;
    const result = await registerUser(input.data, metaFrom(request.headers));
    if (result.ok) {
      // The same answer whether or not the email was already registered (no account enumeration).
      return json({ message: "Check your inbox: we sent you a link to confirm your email address." }, 201);
    }
    if (result.error === "throttled")
      return tooManyRequests(result.retryAfterSeconds, throttledMessage(result.retryAfterSeconds, "sign-up"));
    if (result.error === "username_taken") return errorResponse(409, "That username is taken. Try another.");
    return invalidInput(result.fieldErrors ?? {});
  },
});
