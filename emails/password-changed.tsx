import { Button, Heading, Link, Text } from "@react-email/components";
import { EmailLayout, button, rawLink, text } from "./layout";

export type PasswordChangedProps = { appName: string; username: string; when: string; resetLink: string };

/** Sent after every password change or reset, so a takeover cannot go unnoticed. */
export default function PasswordChanged({ appName, username, when, resetLink }: PasswordChangedProps) {
  return (
    <EmailLayout appName={appName} secureLink={resetLink} preview={`Your ${appName} password was changed`}>
      <Heading as="h1" style={{ fontSize: "20px" }}>
        Your password was changed
      </Heading>
      <Text style={text}>Hi {username},</Text>
      <Text style={text}>The password of your account was changed on {when}. Every other device was signed out.</Text>
      <Text style={text}>If this was you, there is nothing else to do.</Text>
      <Text style={text}>If this wasn&apos;t you, reset your password now to take your account back:</Text>
      <Button href={resetLink} style={button}>
        This wasn&apos;t me
      </Button>
      <Text style={rawLink}>
        <Link href={resetLink}>{resetLink}</Link>
      </Text>
    </EmailLayout>
  );
}

PasswordChanged.subject = (props: PasswordChangedProps) => `Your ${props.appName} password was changed`;
PasswordChanged.PreviewProps = {
  appName: "Accounts",
  username: "alice",
  when: "26 Nov 2026, 10:42 UTC",
  resetLink: "http://localhost:3000/forgot-password",
} satisfies PasswordChangedProps;
