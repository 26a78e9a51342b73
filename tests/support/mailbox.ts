import type { CaughtMessage } from "./mail-catcher";

// Reads the test mail catcher over HTTP. Used by integration and browser tests alike.

export class Mailbox {
  constructor(
    private readonly catcherUrl: string,
    readonly address: string,
  ) {}

  async messages(): Promise<CaughtMessage[]> {
    const response = await fetch(`${this.catcherUrl}/messages?to=${encodeURIComponent(this.address)}`);
    return (await response.json()) as CaughtMessage[];
  }

  /** Waits until the mailbox holds `count` messages whose subject matches, and returns the last of them. */
  async waitFor(subject: RegExp, { count = 1, timeoutMs = 15_000 } = {}): Promise<CaughtMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const matching = (await this.messages()).filter((message) => subject.test(message.subject));
      if (matching.length >= count) return matching[count - 1];
      if (Date.now() > deadline) {
        throw new Error(`No email "${subject}" (#${count}) for ${this.address} within ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** The first link in an email's text that starts with `prefix`. */
export function linkIn(message: CaughtMessage, prefix: string): string {
  const link = message.text.match(/https?:\/\/[^\s<>"')\]]+/g)?.find((url) => url.startsWith(prefix));
  if (!link) throw new Error(`No link starting with ${prefix} in "${message.subject}":\n${message.text}`);
  return link;
}
