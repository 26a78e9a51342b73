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
  "email_change_cancelled",
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
  "account_deletion_requested",
  "account_deletion_cancelled",
] as const;
export type DescribedEvent = (typeof DESCRIBED_EVENTS)[number];

export function isDescribedEvent(type: string): type is DescribedEvent {
  return (DESCRIBED_EVENTS as readonly string[]).includes(type);
}

/** Events that come in bursts, with words of their own for a run of them ("10 failed sign-in attempts"). */
export const COUNTED_EVENTS = ["login_failed", "login_throttled", "two_factor_failed"] as const;
export type CountedEvent = (typeof COUNTED_EVENTS)[number];

export function isCountedEvent(type: string): type is CountedEvent {
  return (COUNTED_EVENTS as readonly string[]).includes(type);
}

// The user-agent describer is browser-safe and shared with the session notices (lib/shared/device.ts).
export { describeDevice, type Device } from "@/lib/shared/device";
