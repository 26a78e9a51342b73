import { env } from "@/lib/platform/env";
import {
  apiRoute,
  errorResponse,
  invalidInput,
  json,
  overloaded,
  readJsonBody,
  tooManyRequests,
} from "@/lib/http/api-route";
import { apiLocale, metaFrom } from "@/lib/http/request";
import { localizeFieldErrors, throttledIn, translatorFor } from "@/lib/platform/i18n";
import { registerUser } from "@/lib/accounts/sign-up";
import { accountSchema } from "@/lib/shared/validation";

export const { POST, OPTIONS } = apiRoute({
  async POST(request) {
    const input = await readJsonBody(request, accountSchema(env.PASSWORD_MIN_LENGTH));
    if (!input.ok) return input.response;
    // The account (and its emails) speak the language Accept-Language asks for (metaFrom), DEFAULT_LOCALE else.
    const result = await registerUser(input.data, metaFrom(request.headers));
    const locale = apiLocale(request);
    const t = translatorFor(locale, "Api");
    if (result.ok) {
      // The same answer whether or not the email was already registered (no account enumeration).
      return json({ message: t("registered") }, 201);
    }
    if (result.error === "overloaded") return overloaded(result.retryAfterSeconds, t("busy"));
    if (result.error === "throttled")
      return tooManyRequests(result.retryAfterSeconds, throttledIn(locale, result.retryAfterSeconds, "sign-up"));
    if (result.error === "username_taken")
      return errorResponse(409, translatorFor(locale, "Validation")("usernameTaken"));
    return invalidInput(localizeFieldErrors(result.fieldErrors, locale), t("invalidInput"));
  },
});
