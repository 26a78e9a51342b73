import { Button, Heading, Link, Text } from "@react-email/components";
import { EmailLayout, button, rawLink, text } from "./layout";

export type ConfirmNewEmailProps = { appName: string; username: string; link: string; expiresIn: string };

/** Sent to the new address of an email change; the change applies only when this link is used. */
export default function ConfirmNewEmail({ appName, username, link, expiresIn }: ConfirmNewEmailProps) {
  return (
    <EmailLayout appName={appName} preview={`Confirm your new email address for ${appName}`}>
      <Heading as="h1" style={{ fontSize: "20px" }}>
        Confirm your new email address
      </Heading>
      <Text style={text}>
        Hi {username}, you asked to use this address for your {appName} account. Confirm it to make the change:
      </Text>
      <Button href={link} style={button}>
        Use this address
      </Button>
      <Text style={rawLink}>
        Or paste this link into your browser: <Link href={link}>{link}</Link>
      </Text>
      <Text style={text}>
        The link works once and expires in {expiresIn}. Your previous address will be told, with a link that undoes the
        change.
      </Text>
      <Text style={text}>If this wasn&apos;t you, ignore this email: nothing changes without this link.</Text>
    </EmailLayout>
  );
}

ConfirmNewEmail.subject = (props: ConfirmNewEmailProps) => `Confirm your new email address for ${props.appName}`;
ConfirmNewEmail.PreviewProps = {
  appName: "Accounts",
  username: "alice",
  link: "http://localhost:3000/email-change?token=example",
  expiresIn: "24 hours",
} satisfies ConfirmNewEmailProps;
