import { Button, Heading, Link, Text } from "@react-email/components";
import { EmailLayout, button, rawLink, text } from "./layout";

export type ConfirmEmailProps = { appName: string; username: string; link: string; expiresIn: string };

export default function ConfirmEmail({ appName, username, link, expiresIn }: ConfirmEmailProps) {
  return (
    <EmailLayout appName={appName} preview={`Confirm your email to finish signing up to ${appName}`}>
      <Heading as="h1" style={{ fontSize: "20px" }}>
        Confirm your email
      </Heading>
      <Text style={text}>Hi {username},</Text>
      <Text style={text}>Thanks for signing up. Confirm this address to activate your account:</Text>
      <Button href={link} style={button}>
        Confirm my email
      </Button>
      <Text style={rawLink}>
        Or paste this link into your browser: <Link href={link}>{link}</Link>
      </Text>
      <Text style={text}>The link works once and expires in {expiresIn}.</Text>
      <Text style={text}>If you did not sign up, ignore this email: no account is activated without this link.</Text>
    </EmailLayout>
  );
}

ConfirmEmail.subject = (props: ConfirmEmailProps) => `Confirm your email for ${props.appName}`;
ConfirmEmail.PreviewProps = {
  appName: "Accounts",
  username: "alice",
  link: "http://localhost:3000/confirm?token=example",
  expiresIn: "24 hours",
} satisfies ConfirmEmailProps;
