import * as z from "zod/mini";
import { EMAIL_MAX_LENGTH, parseEmail } from "@/lib/shared/email-address";

// Every form's input schema, written once and used by the react-hook-form resolver in the browser and
// by the server actions and route handlers. Rules that need the server (the common-password check, taken
// usernames) run on top of these in lib/.
//
// Written with zod/mini, zod 4's functional API: the browser loads these schemas when a form is first used
// (app/components/form.tsx lazyResolver), and a bundler can drop the checks no schema uses, where classic
// zod's methods all ship (16 kB gzipped with zod/mini against 44 kB). The parsing core and the messages
// are the same. Every message a user can see is given here, because zod/mini loads no locale of its own.

export const PASSWORD_MAX_LENGTH = 256;

export const usernameSchema = z.string({ error: "Enter a username." }).check(
  z.trim(),
  z.toLowerCase(),
  z.minLength(1, { error: "Enter a username." }),
  z.minLength(3, { error: "Usernames are at least 3 characters." }),
  z.maxLength(32, { error: "Usernames are at most 32 characters." }),
  z.regex(/^[a-z0-9](?:[a-z0-9_.-]*[a-z0-9])?$/, {
    error: "Use letters, digits, dots, dashes or underscores, starting and ending with a letter or digit.",
  }),
);

export const emailSchema = z.pipe(
  z
    .string({ error: "Enter your email address." })
    .check(
      z.minLength(1, { error: "Enter your email address." }),
      z.maxLength(EMAIL_MAX_LENGTH, { error: "That email address is too long." }),
    ),
  z.transform((value: string, ctx) => {
    const email = parseEmail(value);
    if (!email) {
      // zod/mini's transform context has no addIssue helper; the issue goes on the list directly.
      ctx.issues.push({ code: "custom", message: "Enter a valid email address, like name@example.com.", input: value });
      return z.NEVER;
    }
    return email;
  }),
);

/** A new password: the length window only; strength is checked by lib/password-policy. */
export const newPasswordSchema = (minLength: number) =>
  z
    .string({ error: "Enter a password." })
    .check(
      z.minLength(1, { error: "Enter a password." }),
      z.minLength(minLength, { error: `Password must be ${minLength} characters or more.` }),
      z.maxLength(PASSWORD_MAX_LENGTH, { error: `Use at most ${PASSWORD_MAX_LENGTH} characters.` }),
    );

/** A password being checked, not set: only the upper bound, so nothing over-long is ever hashed. */
export const currentPasswordSchema = z
  .string({ error: "Enter your password." })
  .check(
    z.minLength(1, { error: "Enter your password." }),
    z.maxLength(PASSWORD_MAX_LENGTH, { error: `Passwords are at most ${PASSWORD_MAX_LENGTH} characters.` }),
  );

/** The "repeat password" field: empty gets its own message, not silence. */
const repeatedPassword = (message: string) => z.string({ error: message }).check(z.minLength(1, { error: message }));

/** What an account is made of; the API's registration body. */
export const accountSchema = (minLength: number) =>
  z.object({ username: usernameSchema, email: emailSchema, password: newPasswordSchema(minLength) });

/** The sign-up form: an account plus the repeated password. */
export const registerSchema = (minLength: number) =>
  z.extend(accountSchema(minLength), { confirmPassword: repeatedPassword("Repeat your password.") }).check(
    z.refine((input) => input.password === input.confirmPassword, {
      path: ["confirmPassword"],
      error: "The passwords do not match.",
    }),
  );

export const loginSchema = z.object({
  login: z
    .string({ error: "Enter your username or email." })
    .check(
      z.trim(),
      z.minLength(1, { error: "Enter your username or email." }),
      z.maxLength(EMAIL_MAX_LENGTH, { error: "That is too long to be a username or email." }),
    ),
  password: currentPasswordSchema,
});

/** The JSON API's sign-up body: the original SPA sends no repeated password. */
/** The JSON API's sign-in body: the original SPA names the username-or-email field `username`. */
export const apiLoginSchema = z.object({ username: loginSchema.shape.login, password: currentPasswordSchema });

export const forgotPasswordSchema = z.object({ email: emailSchema });

export const newPasswordFormSchema = (minLength: number) =>
  z
    .object({ password: newPasswordSchema(minLength), confirmPassword: repeatedPassword("Repeat your password.") })
    .check(
      z.refine((input) => input.password === input.confirmPassword, {
        path: ["confirmPassword"],
        error: "The passwords do not match.",
      }),
    );

export const changePasswordSchema = (minLength: number) =>
  z
    .object({
      currentPassword: currentPasswordSchema,
      newPassword: newPasswordSchema(minLength),
      confirmPassword: repeatedPassword("Repeat your new password."),
    })
    .check(
      z.refine((input) => input.newPassword === input.confirmPassword, {
        path: ["confirmPassword"],
        error: "The passwords do not match.",
      }),
      z.refine((input) => input.newPassword !== input.currentPassword, {
        path: ["newPassword"],
        error: "Your new password must be different from your current one.",
      }),
    );

export const changeEmailSchema = z.object({ newEmail: emailSchema, password: currentPasswordSchema });

export type AccountInput = z.input<ReturnType<typeof accountSchema>>;
export type LoginInput = z.infer<typeof loginSchema>;

/** Per-field messages for a form, from a failed safeParse. */
export function fieldErrors(error: z.core.$ZodError): Record<string, string[] | undefined> {
  return z.flattenError(error).fieldErrors as Record<string, string[] | undefined>;
}
