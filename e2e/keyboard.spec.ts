// By keyboard alone: signing in from /login and unlinking on /account with Tab, Enter
// and typing, no mouse. Every stop on our pages shows its focus (a 2 px outline,
// app/globals.css). The emulator's consent page stands in for the provider's.
import type { Locator, Page } from "@playwright/test";
import { linkWith, newPerson, signInAs } from "./fixtures/account";
import { expect, test } from "./fixtures/test";

/** The focused element shows it: our focus ring, an outline of at least 2 px that it does not have unfocused. */
async function expectVisibleFocus(page: Page) {
  const focus = await page.evaluate(() => {
    const element = document.activeElement as HTMLElement;
    const style = getComputedStyle(element);
    return { element: element.outerHTML.slice(0, 120), outline: style.outlineStyle, width: parseFloat(style.outlineWidth), visible: element.matches(":focus-visible") };
  });
  expect(focus.visible && focus.outline !== "none" && focus.width >= 2, `no visible focus on ${focus.element}`).toBe(true);
}

/** Presses Tab until `target` has the focus; on our pages, checks every stop on the way. */
async function tabTo(page: Page, target: Locator, { ours = true } = {}) {
  for (let stop = 0; stop < 40; stop++) {
    await page.keyboard.press("Tab");
    if (ours && (await page.evaluate(() => document.activeElement !== document.body))) await expectVisibleFocus(page);
    if (await target.evaluate((element) => element === document.activeElement)) return;
  }
  throw new Error(`Tab never reached ${target}`);
}

test("signing in with Google by keyboard alone", async ({ page }) => {
  const person = newPerson();
  await page.goto("/login");
  await tabTo(page, page.getByRole("button", { name: /^Continue with Google( demo)?$/ }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "Continue as this person" })).toBeVisible();
  await tabTo(page, page.getByLabel("Name"), { ours: false });
  await page.keyboard.type(person.name);
  await page.keyboard.press("Tab");
  await page.keyboard.type(person.email);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-name")).toHaveText(person.name);
});

test("unlinking by keyboard alone: the question takes the focus, Cancel gives it back, Yes unlinks", async ({ page }) => {
  const person = newPerson();
  await signInAs(page, "Google", person);
  await linkWith(page, "Yandex ID", person);
  await page.goto("/account");
  const unlink = page.getByRole("button", { name: "Unlink Yandex ID" });
  await tabTo(page, unlink);
  await page.keyboard.press("Enter");
  const yes = page.getByRole("button", { name: "Yes, unlink" });
  await expect(yes).toBeFocused();
  await expectVisibleFocus(page);

  await tabTo(page, page.getByRole("button", { name: "Cancel" }));
  await page.keyboard.press("Enter");
  await expect(unlink).toBeFocused();

  await page.keyboard.press("Enter");
  await expect(yes).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "Yandex ID" })).toBeVisible();
  await expect(page.getByRole("listitem", { name: "Yandex ID" }).getByRole("button", { name: /^Link Yandex ID/ })).toBeVisible();
});
