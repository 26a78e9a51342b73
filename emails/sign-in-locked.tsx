import { Button, Heading, Link, Text } from "@react-email/components";
import { EmailLayout, button, rawLink, text } from "./layout";

export type SignInLockedProps = { appName: string; username: string; minutes: number; resetLink: string };

/** Sent once per lock, when repeated wrong passwords pause sign-in to an account. */
export default function SignInLocked({ appName, username, minutes, resetLink }: SignInLockedProps) {
  return (
    <EmailLayout appName={appName} secureLink={resetLink} preview={`We paused sign-in to your ${appName} account`}>
      <Heading as="h1" style={{ fontSize: "20px" }}>
        Sign-in paused for {minutes} minutes
      </Heading>
      <Text style={text}>Hi {username},</Text>
      <Text style={text}>
        Someone entered a wrong password for your account many times in a row, so we paused sign-in for {minutes}{" "}
        minutes. Your password was not revealed and nothing changed.
      </Text>
      <Text style={text}>
        If it was you, wait a little, or reset your password now (resetting works even while sign-in is paused):
      </Text>
      <Button href={resetLink} style={button}>
        Reset my password
      </Button>
      <Text style={rawLink}>
        <Link href={resetLink}>{resetLink}</Link>
      </Text>
      <Text style={text}>If it wasn&apos;t you, consider choosing a longer, unique password.</Text>
    </EmailLayout>
  );
}

SignInLocked.subject = (props: SignInLockedProps) => `We paused sign-in to your ${props.appName} account`;
SignInLocked.PreviewProps = {
  appName: "Accounts",
  username: "alice",
  minutes: 15,
  resetLink: "http://localhost:3000/forgot-password?email=alice%40example.com",
} satisfies SignInLockedProps;
