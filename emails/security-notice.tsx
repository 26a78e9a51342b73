import { Button, Heading, Link, Text } from "@react-email/components";
import { EmailLayout, button, rawLink, text } from "./layout";

export type SecurityNoticeKind =
  | "two_factor_on"
  | "two_factor_off"
  | "recovery_code_used"
  | "passkey_added"
  | "passkey_removed"
  | "browser_remembered";

export type SecurityNoticeProps = {
  appName: string;
  username: string;
  kind: SecurityNoticeKind;
  when: string;
  /** "Chrome on Linux": where it happened. */
  device: string;
  securityLink: string;
  /** Recovery codes still unused (recovery_code_used). */
  recoveryCodesLeft?: number;
  passkeyName?: string;
  /** Set when an administrator did it, not the user. */
  byOperator?: boolean;
};

const HEADINGS: Record<SecurityNoticeKind, string> = {
  two_factor_on: "Two-factor sign-in is on",
  two_factor_off: "Two-factor sign-in is off",
  recovery_code_used: "A recovery code was used",
  passkey_added: "A passkey was added",
  passkey_removed: "A passkey was removed",
  browser_remembered: "A browser will skip the second step",
};

function explanation(props: SecurityNoticeProps): string {
  switch (props.kind) {
    case "two_factor_on":
      return "Signing in to your account now asks for a code from your authenticator app after the password.";
    case "two_factor_off":
      return props.byOperator
        ? "An administrator turned off two-factor sign-in for your account, at your request. Signing in now needs only your password."
        : "Signing in to your account no longer asks for a code from your authenticator app.";
    case "recovery_code_used": {
      const left = props.recoveryCodesLeft ?? 0;
      return `Someone signed in with one of your recovery codes. ${left === 1 ? "1 code is" : `${left} codes are`} left; each works once.`;
    }
    case "passkey_added":
      return `The passkey "${props.passkeyName ?? ""}" can now sign in to your account.`;
    case "passkey_removed":
      return `The passkey "${props.passkeyName ?? ""}" can no longer sign in to your account.`;
    case "browser_remembered":
      return "A browser passed the second step and asked to be remembered: for 30 days it signs in with the password alone.";
  }
}

/** One notice per security change, so nothing about how the account is protected changes unnoticed. */
export default function SecurityNotice(props: SecurityNoticeProps) {
  const { appName, username, when, device, securityLink } = props;
  return (
    <EmailLayout appName={appName} preview={HEADINGS[props.kind]}>
      <Heading as="h1" style={{ fontSize: "20px" }}>
        {HEADINGS[props.kind]}
      </Heading>
      <Text style={text}>Hi {username},</Text>
      <Text style={text}>{explanation(props)}</Text>
      <Text style={text}>
        When: {when}. From: {device}.
      </Text>
      <Text style={text}>
        If this wasn&apos;t you, reset your password and review your account&apos;s security settings:
      </Text>
      <Button href={securityLink} style={button}>
        Review security settings
      </Button>
      <Text style={rawLink}>
        <Link href={securityLink}>{securityLink}</Link>
      </Text>
    </EmailLayout>
  );
}

SecurityNotice.subject = (props: SecurityNoticeProps) => `${props.appName}: ${HEADINGS[props.kind].toLowerCase()}`;
SecurityNotice.PreviewProps = {
  appName: "Accounts",
  username: "alice",
  kind: "recovery_code_used",
  when: "1 Dec 2026, 10:42 UTC",
  device: "Firefox on Linux",
  securityLink: "http://localhost:3000/account/security",
  recoveryCodesLeft: 9,
} satisfies SecurityNoticeProps;
