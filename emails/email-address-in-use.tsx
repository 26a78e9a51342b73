import { Heading, Link, Text } from "@react-email/components";
import { EmailLayout, text } from "./layout";

export type EmailAddressInUseProps = { appName: string; username: string; resetLink: string };

/**
 * Sent instead of a confirmation link when someone asks to move another account to an address that already
 * belongs to an account (or that an account may still take back), so the asker learns nothing from the answer.
 */
export default function EmailAddressInUse({ appName, username, resetLink }: EmailAddressInUseProps) {
  return (
    <EmailLayout appName={appName} preview={`Someone tried to use your address for another ${appName} account`}>
      <Heading as="h1" style={{ fontSize: "20px" }}>
        This address is already in use
      </Heading>
      <Text style={text}>
        Someone asked to make this email address the address of another {appName} account. It belongs to the account{" "}
        <strong>{username}</strong>, so nothing was changed and no other account can use it.
      </Text>
      <Text style={text}>
        If this was you, keep using the account <strong>{username}</strong>. Forgot its password?{" "}
        <Link href={resetLink}>Reset it here</Link> ({resetLink}).
      </Text>
      <Text style={text}>If this wasn&apos;t you, you can ignore this email.</Text>
    </EmailLayout>
  );
}

EmailAddressInUse.subject = (props: EmailAddressInUseProps) =>
  `Someone tried to use your address for another ${props.appName} account`;
EmailAddressInUse.PreviewProps = {
  appName: "Accounts",
  username: "alice",
  resetLink: "http://localhost:3000/forgot-password",
} satisfies EmailAddressInUseProps;
