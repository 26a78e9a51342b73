// Plain words for the audit events a user sees on /account ("Signed in from Chrome on Linux").

const DESCRIPTIONS: Record<string, string> = {
  signup: "Account created",
  signup_existing_email: "Someone tried to sign up with your address",
  email_confirmed: "Email confirmed",
  confirmation_resent: "Confirmation link re-sent",
  login: "Signed in",
  login_failed: "Failed sign-in attempt",
  login_unconfirmed: "Sign-in before confirming the email",
  logout: "Signed out",
  sessions_revoked: "Signed out everywhere",
  reset_requested: "Password reset requested",
  password_changed: "Password changed",
  password_reset: "Password reset by email link",
  login_locked: "Sign-in paused after repeated wrong passwords",
  login_throttled: "Sign-in attempt refused while paused",
  email_change_requested: "Email change requested",
  email_changed: "Email address changed",
  email_change_reverted: "Email change undone; new password set; signed out everywhere",
  login_unlocked: "Sign-in unlocked by an administrator",
  login_second_step: "Password accepted; waiting for the second step",
  reauthenticated: "Password confirmed for security settings",
  two_factor_enabled: "Two-factor sign-in turned on",
  two_factor_disabled: "Two-factor sign-in turned off",
  two_factor_failed: "Wrong two-factor code",
  recovery_code_used: "Recovery code used",
  recovery_codes_regenerated: "New recovery codes made",
  browser_remembered: "Browser remembered for 30 days",
  browser_forgotten: "Remembered browser forgotten",
  passkey_added: "Passkey added",
  passkey_renamed: "Passkey renamed",
  passkey_removed: "Passkey removed",
  passkey_login: "Signed in with a passkey",
};

export function describeEvent(type: string): string {
  return DESCRIPTIONS[type] ?? type.replace(/_/g, " ");
}

/** "Chrome on Linux" from a user-agent string; good enough to recognise one's own devices. */
export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return "an unknown device";
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /Firefox\//.test(userAgent)
      ? "Firefox"
      : /Chrome\//.test(userAgent)
        ? "Chrome"
        : /Safari\//.test(userAgent)
          ? "Safari"
          : /curl|node|undici|python|okhttp/i.test(userAgent)
            ? "an API client"
            : "a browser";
  const os = /Windows/.test(userAgent)
    ? "Windows"
    : /Android/.test(userAgent)
      ? "Android"
      : /iPhone|iPad/.test(userAgent)
        ? "iOS"
        : /Mac OS X/.test(userAgent)
          ? "macOS"
          : /Linux/.test(userAgent)
            ? "Linux"
            : null;
  return os ? `${browser} on ${os}` : browser;
}
