import { Button, Heading, Link, Text } from "@react-email/components";
import { EmailLayout, button, rawLink, text } from "./layout";

export type AlreadyRegisteredProps = { appName: string; username: string; loginLink: string; resetLink: string };

/** Sent instead of a second account when someone signs up with an address that already has one. */
export default function AlreadyRegistered({ appName, username, loginLink, resetLink }: AlreadyRegisteredProps) {
  return (
    <EmailLayout appName={appName} preview={`Someone tried to sign up to ${appName} with your address`}>
      <Heading as="h1" style={{ fontSize: "20px" }}>
        You already have an account
      </Heading>
      <Text style={text}>
        Someone (hopefully you) tried to create a new {appName} account with this email address. It already belongs to
        the account <strong>{username}</strong>, so no new account was created.
      </Text>
      <Button href={loginLink} style={button}>
        Sign in
      </Button>
      <Text style={rawLink}>
        Sign in: <Link href={loginLink}>{loginLink}</Link>
      </Text>
      <Text style={text}>
        Forgot your password? <Link href={resetLink}>Reset it here</Link> ({resetLink}).
      </Text>
      <Text style={text}>If this wasn&apos;t you, you can ignore this email: nothing about your account changed.</Text>
    </EmailLayout>
  );
}

AlreadyRegistered.subject = (props: AlreadyRegisteredProps) =>
  `Someone tried to sign up to ${props.appName} with your address`;
AlreadyRegistered.PreviewProps = {
  appName: "Accounts",
  username: "alice",
  loginLink: "http://localhost:3000/login",
  resetLink: "http://localhost:3000/forgot-password",
} satisfies AlreadyRegisteredProps;
