import crypto from "node:crypto";

// Drives the website's server-action forms without a browser, exactly as a browser without JavaScript
// does: read the form's hidden fields (the action's id, its bound state and key) from the page, then post
// them with the visible fields as multipart/form-data. Next.js runs the action and answers a redirect (303)
// when it succeeds, or re-renders the page (200) with the errors.

const ENTITIES: Record<string, string> = { amp: "&", quot: '"', lt: "<", gt: ">", apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (match, entity: string) => {
    if (entity[0] === "#")
      return String.fromCodePoint(
        entity[1] === "x" || entity[1] === "X" ? parseInt(entity.slice(2), 16) : Number(entity.slice(1)),
      );
    return ENTITIES[entity.toLowerCase()] ?? match;
  });
}

export type ActionForm = { path: string; hidden: [string, string][] };

/** The hidden fields of the page's first POST form (a server action rendered for no-JavaScript use). */
export async function readActionForm(origin: string, path: string): Promise<ActionForm> {
  const response = await fetch(origin + path, { headers: { "x-forwarded-for": "10.255.255.254" } });
  const html = await response.text();
  const form = /<form\b[^>]*method="POST"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) throw new Error(`no server-action form on ${path} (status ${response.status})`);
  const hidden: [string, string][] = [];
  for (const [input] of form[1].matchAll(/<input\b[^>]*>/gi)) {
    if (!/type="hidden"/i.test(input)) continue;
    const name = /name="([^"]*)"/i.exec(input)?.[1];
    if (name !== undefined)
      hidden.push([decodeEntities(name), decodeEntities(/value="([^"]*)"/i.exec(input)?.[1] ?? "")]);
  }
  if (!hidden.some(([name]) => name.startsWith("$ACTION")))
    throw new Error(`the form on ${path} is not a server action`);
  return { path, hidden };
}

/** A multipart/form-data body, as a browser builds it. */
export function multipart(fields: [string, string][]): { body: Buffer; contentType: string } {
  const boundary = `----bench${crypto.randomBytes(12).toString("hex")}`;
  const parts = fields.map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  return {
    body: Buffer.from(parts.join("") + `--${boundary}--\r\n`),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** A request that submits `form` with `fields`, as a browser at `origin` would. */
export function formSubmission(origin: string, form: ActionForm, fields: Record<string, string>) {
  const { body, contentType } = multipart([...form.hidden, ...Object.entries(fields)]);
  return { method: "POST", path: form.path, headers: { "content-type": contentType, origin }, body };
}
