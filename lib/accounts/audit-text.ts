// Plain words for the audit events a user sees on /account ("Signed in", "Chrome on Linux"): the events
// are message keys of the "Activity" namespace; a device is a browser and system name, which need no translation.

/** The events that have words of their own in the "Activity" messages; others show as "Other activity". */
export const DESCRIBED_EVENTS = [
  "signup",
  "signup_existing_email",
  "email_confirmed",
  "confirmation_resent",
  "login",
  "login_failed",
  "login_unconfirmed",
  "logout",
  "sessions_revoked",
  "reset_requested",
  "password_changed",
  "password_reset",
  "login_locked",
  "login_throttled",
  "email_change_requested",
  "email_changed",
  "email_change_reverted",
  "login_unlocked",
  "refresh_reuse",
  "login_second_step",
  "reauthenticated",
  "two_factor_enabled",
  "two_factor_disabled",
  "two_factor_failed",
  "recovery_code_used",
  "recovery_codes_regenerated",
  "browser_remembered",
  "browser_forgotten",
  "passkey_added",
  "passkey_renamed",
  "passkey_removed",
  "passkey_login",
  "provider_connected",
  "provider_disconnected",
  "provider_not_linked",
  "data_exported",
] as const;
export type DescribedEvent = (typeof DESCRIBED_EVENTS)[number];

export function isDescribedEvent(type: string): type is DescribedEvent {
  return (DESCRIBED_EVENTS as readonly string[]).includes(type);
}

export type Device =
  { kind: "unknown" } | { kind: "api" } | { kind: "browser"; browser: string | null; os: string | null };

/** Browser and system from a user-agent string; good enough to recognise one's own devices. */
export function describeDevice(userAgent: string | null): Device {
  if (!userAgent) return { kind: "unknown" };
  if (!/Edg\/|Firefox\/|Chrome\/|Safari\//.test(userAgent) && /curl|node|undici|python|okhttp/i.test(userAgent))
    return { kind: "api" };
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /Firefox\//.test(userAgent)
      ? "Firefox"
      : /Chrome\//.test(userAgent)
        ? "Chrome"
        : /Safari\//.test(userAgent)
          ? "Safari"
          : null;
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
  return { kind: "browser", browser, os };
}
