import { Button, Heading, Link, Text } from "@react-email/components";
import { EmailLayout, button, rawLink, text } from "./layout";

export type ResetPasswordProps = { appName: string; username: string; link: string; expiresIn: string };

export default function ResetPassword({ appName, username, link, expiresIn }: ResetPasswordProps) {
  return (
    <EmailLayout appName={appName} preview={`Reset your ${appName} password`}>
      <Heading as="h1" style={{ fontSize: "20px" }}>
        Reset your password
      </Heading>
      <Text style={text}>Hi {username},</Text>
      <Text style={text}>Someone asked to reset the password of your account. To choose a new one:</Text>
      <Button href={link} style={button}>
        Choose a new password
      </Button>
      <Text style={rawLink}>
        Or paste this link into your browser: <Link href={link}>{link}</Link>
      </Text>
      <Text style={text}>The link works once and expires in {expiresIn}.</Text>
      <Text style={text}>If this wasn&apos;t you, ignore this email: your password is unchanged.</Text>
    </EmailLayout>
  );
}

ResetPassword.subject = (props: ResetPasswordProps) => `Reset your ${props.appName} password`;
ResetPassword.PreviewProps = {
  appName: "Accounts",
  username: "alice",
  link: "http://localhost:3000/reset-password?token=example",
  expiresIn: "30 minutes",
} satisfies ResetPasswordProps;
