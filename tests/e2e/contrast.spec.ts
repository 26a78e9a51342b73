import type { Page } from "@playwright/test";
import { expect, expectAccessible, registeredUser, test } from "./fixtures";

// WCAG 1.4.11 (non-text contrast), which axe does not check: the border that shows where each input,
// button and card is must reach 3:1 against the colour next to it. Computed from the rendered page, in
// the light and the dark palette.

// Several pages, each checked twice and scanned by axe; the shared test machine is slow.
test.describe.configure({ timeout: 180_000 });

type Boundary = { what: string; border: string; inside: string; outside: string };

/** Every control's and card's border colour, the background inside it and the background around it. */
async function boundaries(page: Page): Promise<Boundary[]> {
  return page.evaluate(() => {
    const background = (element: Element | null): string => {
      for (let node = element; node; node = node.parentElement) {
        const colour = getComputedStyle(node).backgroundColor;
        if (colour && !/rgba\(0, 0, 0, 0\)|transparent/.test(colour)) return colour;
      }
      return getComputedStyle(document.body).backgroundColor;
    };
    const selector =
      "input[type=text], input[type=email], input[type=password], input:not([type]), .button.secondary, .card, .error-summary";
    return [...document.querySelectorAll(selector)]
      .filter((element) => (element as HTMLElement).offsetParent !== null)
      .map((element) => {
        const style = getComputedStyle(element);
        const name = element.getAttribute("name") ?? element.className;
        return {
          what: `${element.tagName.toLowerCase()} ${name}`,
          border: style.borderTopColor,
          inside: background(element),
          outside: background(element.parentElement),
        };
      });
  });
}

function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
  const channel = (value: number) => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

async function expectBoundariesAt3to1(page: Page) {
  const found = await boundaries(page);
  expect(found.length).toBeGreaterThan(0);
  const weak = found
    .map((b) => ({ ...b, ratio: Math.min(contrast(b.border, b.outside), contrast(b.border, b.inside)) }))
    .filter((b) => (b.what.startsWith("div") ? contrast(b.border, b.outside) < 3 : b.ratio < 3))
    .map((b) => `${b.what}: border ${b.border} on ${b.inside}/${b.outside} = ${b.ratio.toFixed(2)}:1`);
  expect(weak).toEqual([]);
}

for (const colorScheme of ["light", "dark"] as const) {
  test.describe(`${colorScheme} palette`, () => {
    test.use({ colorScheme });

    test("input, button and card borders reach 3:1 on the public forms, with and without errors", async ({ page }) => {
      for (const path of ["/register", "/login", "/forgot-password"]) {
        await page.goto(path);
        await expectBoundariesAt3to1(page);
        await page.locator("form button[type=submit]").first().click();
        await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toBeVisible();
        await expectBoundariesAt3to1(page);
        await expectAccessible(page);
      }
    });

    test("the account page's boundaries reach 3:1", async ({ page, user, mailbox }) => {
      await registeredUser(page, user, mailbox);
      await expectBoundariesAt3to1(page);
      await expectAccessible(page);
    });
  });
}

test("the dark palette is used when the system asks for it", async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: "dark" });
  const page = await context.newPage();
  await page.goto("/login");
  const body = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(luminance(body)).toBeLessThan(0.05);
  await context.close();
});
