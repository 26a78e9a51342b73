import AccountDeletionScheduled from "./account-deletion-scheduled";
import AlreadyRegistered from "./already-registered";
import ConfirmEmail from "./confirm-email";
import ConfirmNewEmail from "./confirm-new-email";
import EmailAddressInUse from "./email-address-in-use";
import EmailChangeRequested from "./email-change-requested";
import EmailChanged from "./email-changed";
import NewSignIn from "./new-sign-in";
import PasswordChanged from "./password-changed";
import ProviderNotLinked from "./provider-not-linked";
import ResetPassword from "./reset-password";
import SecurityNotice from "./security-notice";
import SignInLocked from "./sign-in-locked";
import SignedOutEverywhere from "./signed-out-everywhere";
import TestEmail from "./test-email";

// Every template the app sends, by name. A template is a React component with a `subject(props)` and
// `PreviewProps`; lib/mail renders it to HTML and plain text (React escapes every value it renders).
export const templates = {
  test: TestEmail,
  "confirm-email": ConfirmEmail,
  "already-registered": AlreadyRegistered,
  "reset-password": ResetPassword,
  "password-changed": PasswordChanged,
  "sign-in-locked": SignInLocked,
  "confirm-new-email": ConfirmNewEmail,
  "email-change-requested": EmailChangeRequested,
  "email-changed": EmailChanged,
  "security-notice": SecurityNotice,
  "email-address-in-use": EmailAddressInUse,
  "provider-not-linked": ProviderNotLinked,
  "signed-out-everywhere": SignedOutEverywhere,
  "account-deletion-scheduled": AccountDeletionScheduled,
  "new-sign-in": NewSignIn,
};

export type TemplateName = keyof typeof templates;
export type TemplateProps<N extends TemplateName> = Parameters<(typeof templates)[N]>[0];
