import { Button, Heading, Link, Text } from "@react-email/components";
import { EmailLayout, button, rawLink, text } from "./layout";

export type ProviderNotLinkedProps = {
  appName: string;
  username: string;
  provider: string;
  securityLink: string;
  resetLink: string;
};

/** Sent when a provider sign-in named this account's address: the identity was not connected to it. */
export default function ProviderNotLinked({ appName, username, provider, securityLink, resetLink }: ProviderNotLinkedProps) {
  return (
    <EmailLayout appName={appName} preview={`Someone tried to sign in to ${appName} with ${provider}`}>
      <Heading as="h1" style={{ fontSize: "20px" }}>
        A {provider} sign-in used your address
      </Heading>
      <Text style={text}>
        Someone (hopefully you) tried to sign in to {appName} with a {provider} account that has this email address.
        It belongs to your account <strong>{username}</strong>, and we never connect a {provider} account to an
        existing account on our own, so nobody was signed in.
      </Text>
      <Text style={text}>
        If it was you: sign in with your password, then connect {provider} from your security page.
      </Text>
      <Button href={securityLink} style={button}>
        Open your security page
      </Button>
      <Text style={rawLink}>
        Security page: <Link href={securityLink}>{securityLink}</Link>
      </Text>
      <Text style={text}>
        Forgot your password? <Link href={resetLink}>Reset it here</Link> ({resetLink}).
      </Text>
      <Text style={text}>If this wasn&apos;t you, you can ignore this email: nothing about your account changed.</Text>
    </EmailLayout>
  );
}

ProviderNotLinked.subject = (props: ProviderNotLinkedProps) =>
  `Someone tried to sign in to ${props.appName} with ${props.provider}`;
ProviderNotLinked.PreviewProps = {
  appName: "Accounts",
  username: "alice",
  provider: "GitHub",
  securityLink: "http://localhost:3000/account/security",
  resetLink: "http://localhost:3000/forgot-password",
} satisfies ProviderNotLinkedProps;
