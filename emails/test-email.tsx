import { Button, Link, Text } from "@react-email/components";
import { EmailLayout, button, rawLink, text } from "./layout";

export type TestEmailProps = { appName: string; link: string };

/** Proves the pipeline end to end (operators can send one from the CLI). */
export default function TestEmail({ appName, link }: TestEmailProps) {
  return (
    <EmailLayout appName={appName} preview="Your email settings work">
      <Text style={text}>This is a test message: your outgoing email is configured correctly.</Text>
      <Button href={link} style={button}>
        Open {appName}
      </Button>
      <Text style={rawLink}>
        Or paste this link into your browser: <Link href={link}>{link}</Link>
      </Text>
    </EmailLayout>
  );
}

TestEmail.subject = (props: TestEmailProps) => `${props.appName}: test message`;
TestEmail.PreviewProps = { appName: "Accounts", link: "http://localhost:3000/" } satisfies TestEmailProps;
