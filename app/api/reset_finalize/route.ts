import { resetPasswordForApi, signedInBody } from "@/lib/accounts/api-sessions";
import {
  apiRoute,
  bearerToken,
  invalidInput,
  json,
  mfaRequired,
  readJsonBody,
  tooManyRequests,
  unauthorized,
} from "@/lib/http/api-route";
import { apiLocale, metaFrom } from "@/lib/http/request";
import { localizeFieldErrors, translatorFor } from "@/lib/platform/i18n";
import * as z from "zod/mini";
import { currentPasswordSchema } from "@/lib/shared/validation";

// The reset token comes as a Bearer header (as the original SPA sends it), the new password in the body.
// A password that breaks the policy is a 400 and the token stays usable; a bad token is a 401, never a 500.
const bodySchema = z.object({ password: currentPasswordSchema });

export const { POST, OPTIONS } = apiRoute({
  async POST(request) {
    const locale = apiLocale(request);
    const t = translatorFor(locale, "Api");
    const token = bearerToken(request);
    if (!token) return unauthorized(t("resetBearer"));
    const input = await readJsonBody(request, bodySchema);
    if (!input.ok) return input.response;
    const result = await resetPasswordForApi(token, input.data.password, metaFrom(request.headers));
    if (result.ok) return json(signedInBody(result));
    if (result.error === "mfa_required") return mfaRequired(result.mfaToken, t("passwordChangedMfa"));
    if (result.error === "throttled") return tooManyRequests(result.retryAfterSeconds, t("tooManyRequests"));
    if (result.error === "invalid")
      return invalidInput(localizeFieldErrors(result.fieldErrors, locale), t("invalidInput"));
    return unauthorized(t("resetInvalid"), { tokenPresented: true });
  },
});
