import "server-only";
import { headers } from "next/headers";
import { getTranslations } from "next-intl/server";

// The title of a page rendered in answer to a form posted without JavaScript. On the pages that use it, a
// post the server accepts ends in a redirect, so a page rendered for a post is one that shows errors, and
// its title says so first ("Error: Sign in"), as the browser-side form does with JavaScript.
export async function formPostTitle(title: string): Promise<string> {
  const request = await headers();
  const posted = /^(multipart\/form-data|application\/x-www-form-urlencoded)/.test(request.get("content-type") ?? "");
  // With JavaScript a server action arrives with a Next-Action header and the page sets its own title.
  if (!posted || request.has("next-action")) return title;
  const t = await getTranslations("Form");
  return `${t("titlePrefix")}${title}`;
}
