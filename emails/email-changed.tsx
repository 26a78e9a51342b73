import { Button, Heading, Link, Text } from "@react-email/components";
import { EmailLayout, button, rawLink, text } from "./layout";

export type EmailChangedProps = {
  appName: string;
  username: string;
  newEmail: string;
  revertLink: string;
  validFor: string;
};

/** Sent to the previous address after an email change, with a way back if it was not the owner's doing. */
export default function EmailChanged({ appName, username, newEmail, revertLink, validFor }: EmailChangedProps) {
  return (
    <EmailLayout
      appName={appName}
      secureLink={revertLink}
      preview={`The email address of your ${appName} account was changed`}
    >
      <Heading as="h1" style={{ fontSize: "20px" }}>
        Your email address was changed
      </Heading>
      <Text style={text}>
        Hi {username}, the email address of your {appName} account is now {newEmail}. This address will no longer
        receive messages about the account.
      </Text>
      <Text style={text}>
        If this wasn&apos;t you, put this address back: the link asks you for a new password, signs out every device and
        cancels every other link. It works for {validFor}, even if the password or the address is changed again in the
        meantime, and until then nobody else can use this address for an account.
      </Text>
      <Button href={revertLink} style={button}>
        This wasn&apos;t me: undo the change
      </Button>
      <Text style={rawLink}>
        <Link href={revertLink}>{revertLink}</Link>
      </Text>
    </EmailLayout>
  );
}

EmailChanged.subject = (props: EmailChangedProps) => `The email address of your ${props.appName} account was changed`;
EmailChanged.PreviewProps = {
  appName: "Accounts",
  username: "alice",
  newEmail: "alice@new.example",
  revertLink: "http://localhost:3000/email-change?token=example",
  validFor: "7 days",
} satisfies EmailChangedProps;
