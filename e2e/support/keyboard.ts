import { expect, type Locator, type Page } from '@playwright/test';
import { demoPassword } from './controlPlane';

interface FocusedElement {
  tagName: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
}
interface BrowserGlobals {
  document: { activeElement: FocusedElement | null; body: unknown };
  getComputedStyle(element: FocusedElement): { outlineStyle: string; outlineWidth: string; boxShadow: string };
}

/** How the focused element shows its focus: its outline (style and width) and box shadow, as Chromium computes them. */
export async function focusRing(page: Page): Promise<{ tag: string; outline: string; width: number; shadow: string }> {
  return page.evaluate(() => {
    // The e2e code is typed for Node, so the browser's globals are named here.
    const browser = globalThis as unknown as BrowserGlobals;
    const el = browser.document.activeElement;
    if (!el || el === browser.document.body) return { tag: 'body', outline: 'none', width: 0, shadow: 'none' };
    const style = browser.getComputedStyle(el);
    return {
      tag: `${el.tagName.toLowerCase()} ${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? ''}`,
      outline: style.outlineStyle,
      width: parseFloat(style.outlineWidth),
      shadow: style.boxShadow,
    };
  });
}

/** Fails unless the focused element shows a solid outline at least 2 px wide. */
export async function expectVisibleFocus(page: Page): Promise<void> {
  expectRing(await focusRing(page));
}

function expectRing(ring: Awaited<ReturnType<typeof focusRing>>): void {
  expect(ring.tag, 'something has the focus').not.toBe('body');
  expect(`${ring.tag}: ${ring.outline}`, 'the focus shows an outline').toBe(`${ring.tag}: solid`);
  expect(ring.width, `${ring.tag}: its outline's width`).toBeGreaterThanOrEqual(2);
}

/**
 * Presses Tab (or Shift+Tab) until `target` has the focus, at most `max` times, checking at each
 * stop that the focused element shows its focus ring.
 */
export async function tabTo(
  page: Page,
  target: Locator,
  options: { back?: boolean; max?: number } = {},
): Promise<void> {
  const key = options.back ? 'Shift+Tab' : 'Tab';
  await expect(target).toBeVisible();
  for (let i = 0; i < (options.max ?? 40); i += 1) {
    if (
      await target
        .evaluate((el) => el === (globalThis as unknown as BrowserGlobals).document.activeElement)
        .catch(() => false)
    )
      return;
    await page.keyboard.press(key);
    const ring = await focusRing(page);
    if (ring.tag !== 'body') expectRing(ring);
  }
  await expect(target).toBeFocused();
}

/** Tabs to `target` and presses Enter on it. */
export async function tabAndEnter(page: Page, target: Locator, options: { back?: boolean } = {}): Promise<void> {
  await tabTo(page, target, options);
  await page.keyboard.press('Enter');
}

/** Tabs to the field `target` and types `text` into it. */
export async function tabAndType(page: Page, target: Locator, text: string): Promise<void> {
  await tabTo(page, target);
  await page.keyboard.type(text);
}

/** Signs `username` in from the keyboard: My Resources, Sign in, then the login tab. */
export async function signInByKeyboard(page: Page, username: string): Promise<void> {
  const main = page.getByRole('navigation', { name: 'Main' });
  await tabAndEnter(page, main.getByRole('button', { name: 'My Resources', exact: true }));
  const popup = page.context().waitForEvent('page');
  await tabAndEnter(page, page.getByRole('main').getByRole('button', { name: 'Sign in', exact: true }));
  const login = await popup;
  await expect(login.getByLabel('Username')).toBeFocused();
  await login.keyboard.type(username);
  await tabAndType(login, login.getByLabel('Password'), demoPassword);
  await login.keyboard.press('Enter');
  if (!login.isClosed()) await login.waitForEvent('close');
  await expect(page.getByTestId('signed-in-person')).toBeVisible();
}
