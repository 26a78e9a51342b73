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
  refresh_reuse: "An old API token was presented again; that session was ended",
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
