import { Button, Heading, Link, Text } from "@react-email/components";
import { EmailLayout, button, rawLink, text } from "./layout";

export type ConfirmEmailProps = {
  appName: string;
  username: string;
  // When the sign-up this link confirms was made, already formatted ("30 Nov 2026, 19:05 UTC").
  signedUpAt: string;
  link: string;
  expiresIn: string;
};

export default function ConfirmEmail({ appName, username, signedUpAt, link, expiresIn }: ConfirmEmailProps) {
  return (
    <EmailLayout appName={appName} preview={`Confirm your email to finish signing up to ${appName}`}>
      <Heading as="h1" style={{ fontSize: "20px" }}>
        Confirm your email
      </Heading>
      <Text style={text}>Hi {username},</Text>
      <Text style={text}>
        Someone signed up with this address as {username} on {signedUpAt}. If that was you, confirm this address to
        activate your account with the username and password chosen then:
      </Text>
      <Button href={link} style={button}>
        Confirm my email
      </Button>
      <Text style={rawLink}>
        Or paste this link into your browser: <Link href={link}>{link}</Link>
      </Text>
      <Text style={text}>The link works once and expires in {expiresIn}.</Text>
      <Text style={text}>
        If you did not make this sign-up, do not click the link: no account is activated without it, and if you sign up
        yourself, only the link from your own sign-up gives you your password.
      </Text>
    </EmailLayout>
  );
}

ConfirmEmail.subject = (props: ConfirmEmailProps) => `Confirm your email for ${props.appName}`;
ConfirmEmail.PreviewProps = {
  appName: "Accounts",
  username: "alice",
  signedUpAt: "30 Nov 2026, 19:05 UTC",
  link: "http://localhost:3000/confirm?token=example",
  expiresIn: "24 hours",
} satisfies ConfirmEmailProps;
