import { describe, expect, it } from "vitest";
import { templates, type TemplateName } from "@/emails";
import { emailText } from "@/emails/i18n";
import { renderEmail } from "@/lib/email/outbox";

// What every email carries whatever its content: its subject as the HTML title, links in text that are
// the accessible blue and underlined, a plain-text part without shouting headings that gives each link once
// after its words, and a footer that fits
// the message (a security notice never says "you can ignore it").

const SECURITY_NOTICES: TemplateName[] = [
  "password-changed",
  "sign-in-locked",
  "email-changed",
  "email-change-requested",
];

async function rendered(name: TemplateName) {
  const Template = templates[name] as unknown as { PreviewProps: never };
  return renderEmail(name, Template.PreviewProps);
}

describe("every email", () => {
  it.each(Object.keys(templates) as TemplateName[])(
    "%s has a title, readable links and a plain text part",
    async (name) => {
      const { subject, html, text } = await rendered(name);
      const title = html.match(/<title>([^<]*)<\/title>/)?.[1];
      expect(title).toBe(subject.replace(/&/g, "&amp;").replace(/"/g, "&quot;"));
      // #1d4ed8 on white is 6.7:1 (the old #067df7 was 3.97:1), underlined.
      expect(html).toContain("p a { color: #1d4ed8 !important; text-decoration: underline !important; }");
      const heading = html.match(/<h1[^>]*>([^<]*)<\/h1>/)?.[1];
      if (heading) {
        expect(text).toContain(heading.replace(/&#x27;|&apos;/g, "'"));
        expect(text).not.toContain(heading.toUpperCase());
      }
      // Each link after the words that say what it is for, never as a second copy on a line of its own.
      const links = [...text.matchAll(/https?:\/\//g)];
      expect(links.length).toBeGreaterThan(0);
      for (const link of links) expect(text.slice(link.index - 2, link.index)).toBe(": ");
      expect(text).not.toContain(emailText("en")("pasteLink"));
    },
  );

  it.each(Object.keys(templates) as TemplateName[])(
    "%s ends with the help address when one is configured, and says nothing of help without it",
    async (name) => {
      const Template = templates[name] as unknown as { PreviewProps: never };
      const helpUrl = "https://help.example.test/accounts";
      const withHelp = await renderEmail(name, Template.PreviewProps, { helpUrl });
      expect(withHelp.html).toMatch(new RegExp(`<a href="${helpUrl}"[^>]*>Get help</a>`));
      expect(withHelp.text).toContain(helpUrl);
      const without = await renderEmail(name, Template.PreviewProps, { helpUrl: undefined });
      expect(without.html).not.toContain("Get help");
      expect(without.text).not.toContain("Get help");
    },
  );

  it.each(SECURITY_NOTICES)("%s ends with how to secure the account, not with 'ignore it'", async (name) => {
    const { html, text } = await rendered(name);
    expect(text).toContain("If you did not make this change");
    expect(html).toMatch(/secure your account now/);
    expect(text).not.toMatch(/you can ignore it/i);
  });
});

describe("the notice of a requested email change", () => {
  const props = templates["email-change-requested"].PreviewProps;

  it("names the new address, when and from what it was asked, in a plain text part written as sentences", async () => {
    const { subject, html, text } = await renderEmail("email-change-requested", props);
    expect(html).toContain(`<title>${subject}</title>`);
    expect(text).toContain("A new email address was asked for");
    expect(text).toContain(
      "On November 30, 2026 at 09:12 PM UTC, someone asked from Firefox on Windows to change the email address of your Accounts account to alice.new@example.com.",
    );
    expect(text).toContain("Nothing changes until that address confirms");
    expect(text).toContain("If this wasn’t you, someone else knows your password");
    // Each link once, after what it is for.
    expect(text).toContain(`Go to my account: ${props.accountLink}`);
    expect(text.split(props.accountLink)).toHaveLength(2);
    expect(text).toContain(`secure your account now: ${props.resetLink}.`);
    expect(text).not.toMatch(/<|&#|&amp;/);
  });

  it("is written in the recipient's language", async () => {
    const { subject, text } = await renderEmail("email-change-requested", { ...props, locale: "pt-BR" });
    expect(subject).toBe("Pediram para trocar o e-mail da sua conta do Accounts");
    expect(text).toContain("Nada muda até que esse endereço confirme");
    expect(text).toContain("alice.new@example.com");
  });
});
