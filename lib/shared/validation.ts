import * as z from "zod/mini";
import { EMAIL_MAX_LENGTH, parseEmail } from "@/lib/shared/email-address";
import { PASSKEY_NAME_MAX_LENGTH, PASSWORD_MAX_LENGTH } from "@/lib/shared/limits";

// Every form's input schema, written once and used by the forms' check in the browser and
// by the server actions and route handlers. Rules that need the server (the common-password check, taken
// usernames) run on top of these in lib/.
//
// Written with zod/mini, zod 4's functional API: the browser loads these schemas when a form is first used
// (app/components/form-check.ts lazyCheck), and a bundler can drop the checks no schema uses, where classic
// zod's methods all ship (16 kB gzipped with zod/mini against 44 kB). The parsing core and the messages
// are the same. zod/mini loads no locale of its own, so every message is given here, as a key of the
// "Validation" namespace of messages/*.json: the browser translates it with its form's messages, the server
// with lib/platform/i18n localizeFieldErrors ({min}, {max} and {appName} are filled in there).

export { PASSWORD_MAX_LENGTH };

export const usernameSchema = z.string({ error: "usernameRequired" }).check(
  z.trim(),
  z.toLowerCase(),
  z.minLength(1, { error: "usernameRequired" }),
  z.minLength(3, { error: "usernameTooShort" }),
  z.maxLength(32, { error: "usernameTooLong" }),
  z.regex(/^[a-z0-9](?:[a-z0-9_.-]*[a-z0-9])?$/, { error: "usernameCharacters" }),
);

export const emailSchema = z.pipe(
  z
    .string({ error: "emailRequired" })
    .check(z.minLength(1, { error: "emailRequired" }), z.maxLength(EMAIL_MAX_LENGTH, { error: "emailTooLong" })),
  z.transform((value: string, ctx) => {
    const email = parseEmail(value);
    if (!email) {
      // zod/mini's transform context has no addIssue helper; the issue goes on the list directly.
      ctx.issues.push({ code: "custom", message: "emailInvalid", input: value });
      return z.NEVER;
    }
    return email;
  }),
);

/** A new password: the length window only; strength is checked by lib/password-policy. */
export const newPasswordSchema = (minLength: number) =>
  z
    .string({ error: "newPasswordRequired" })
    .check(
      z.minLength(1, { error: "newPasswordRequired" }),
      z.minLength(minLength, { error: "passwordTooShort" }),
      z.maxLength(PASSWORD_MAX_LENGTH, { error: "passwordTooLong" }),
    );

/** A password being checked, not set: only the upper bound, so nothing over-long is ever hashed. */
export const currentPasswordSchema = z
  .string({ error: "passwordRequired" })
  .check(
    z.minLength(1, { error: "passwordRequired" }),
    z.maxLength(PASSWORD_MAX_LENGTH, { error: "currentPasswordTooLong" }),
  );

/** The "repeat password" field: empty gets its own message, not silence. */
const repeatedPassword = (message: string) => z.string({ error: message }).check(z.minLength(1, { error: message }));

/** What an account is made of; the API's registration body. */
export const accountSchema = (minLength: number) =>
  z.object({ username: usernameSchema, email: emailSchema, password: newPasswordSchema(minLength) });

/**
 * The sign-up form: the account, with the password typed once (its "Show" button lets people check it; a
 * second field to repeat it adds work and catches little, and a mistyped one is fixed by a reset).
 */
export const registerSchema = accountSchema;

export const loginSchema = z.object({
  login: z
    .string({ error: "loginRequired" })
    .check(
      z.trim(),
      z.minLength(1, { error: "loginRequired" }),
      z.maxLength(EMAIL_MAX_LENGTH, { error: "loginTooLong" }),
    ),
  password: currentPasswordSchema,
});

/** The JSON API's sign-up body: the original SPA sends no repeated password. */
/** The JSON API's sign-in body: the original SPA names the username-or-email field `username`. */
export const apiLoginSchema = z.object({ username: loginSchema.shape.login, password: currentPasswordSchema });

export const forgotPasswordSchema = z.object({ email: emailSchema });

/** A sign-up's corrected address, with the password chosen for it (typed again: the server keeps no copy). */
export const changeSignupEmailSchema = (minLength: number) =>
  z.object({ email: emailSchema, password: newPasswordSchema(minLength) });

export const newPasswordFormSchema = (minLength: number) =>
  z.object({ password: newPasswordSchema(minLength), confirmPassword: repeatedPassword("repeatPassword") }).check(
    z.refine((input) => input.password === input.confirmPassword, {
      path: ["confirmPassword"],
      error: "passwordsDiffer",
    }),
  );

export const changePasswordSchema = (minLength: number) =>
  z
    .object({
      currentPassword: currentPasswordSchema,
      newPassword: newPasswordSchema(minLength),
      confirmPassword: repeatedPassword("repeatNewPassword"),
    })
    .check(
      z.refine((input) => input.newPassword === input.confirmPassword, {
        path: ["confirmPassword"],
        error: "passwordsDiffer",
      }),
      z.refine((input) => input.newPassword !== input.currentPassword, {
        path: ["newPassword"],
        error: "sameAsCurrentPassword",
      }),
    );

export const changeEmailSchema = z.object({ newEmail: emailSchema, password: currentPasswordSchema });

/** A code from an authenticator app (6 digits) or a recovery code; which one is decided on the server. */
export const mfaCodeSchema = z
  .string({ error: "codeRequired" })
  .check(z.trim(), z.minLength(1, { error: "codeRequired" }), z.maxLength(40, { error: "codeTooLong" }));

/** The second step of a sign-in on the website. */
export const secondStepSchema = z.object({ code: mfaCodeSchema, remember: z.optional(z.string()) });

/** The JSON API's second step. */
export const apiSecondStepSchema = z.object({
  mfa_token: z
    .string({ error: "mfaTokenRequired" })
    .check(z.minLength(1, { error: "mfaTokenRequired" }), z.maxLength(100, { error: "mfaTokenTooLong" })),
  code: mfaCodeSchema,
});

/** Turning two-factor off: the password and a code. */
// Deleting the account: the password, or for an account without one, a code (lib/accounts/account-deletion).
export const deleteWithPasswordSchema = z.object({ password: currentPasswordSchema });
export const deleteWithCodeSchema = z.object({ code: mfaCodeSchema });
export const deleteWithRecentSignInSchema = z.object({});

export const disableTwoFactorSchema = z.object({ password: currentPasswordSchema, code: mfaCodeSchema });

export const passkeyNameSchema = z.object({
  name: z
    .string({ error: "passkeyNameRequired" })
    .check(
      z.trim(),
      z.minLength(1, { error: "passkeyNameRequired" }),
      z.maxLength(PASSKEY_NAME_MAX_LENGTH, { error: "passkeyNameTooLong" }),
    ),
});

export type AccountInput = z.input<ReturnType<typeof accountSchema>>;
export type LoginInput = z.infer<typeof loginSchema>;

/** Per-field messages for a form, from a failed safeParse. */
export function fieldErrors(error: z.core.$ZodError): Record<string, string[] | undefined> {
  return z.flattenError(error).fieldErrors as Record<string, string[] | undefined>;
}

/** The "choose your username" step after a first sign-in with a provider. */
export const chooseUsernameSchema = z.object({ username: usernameSchema });
