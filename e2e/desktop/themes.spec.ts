import { expect, test, type Page } from '@playwright/test';
import { addComputer, connect } from '../support/sessionUi';
import { startDirectMode, type DoubleProcess, type Host } from '../support/processes';
import { themeColors } from '@shared/common/theme';

/**
 * Light and dark: the app follows the OS's colour scheme (emulated here) until Settings →
 * Appearance picks one, and that choice survives a reload. Direct mode: no control plane needed.
 */

let started: { double: DoubleProcess; host: Host; stop(): Promise<void> } | undefined;
test.beforeEach(async () => {
  started = await startDirectMode();
});
test.afterEach(async () => {
  await started?.stop();
  started = undefined;
});

/** `#rrggbb` as the rgb(…) getComputedStyle answers. */
function rgb(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}
const light = { bg: rgb(themeColors.light['--bg']), text: rgb(themeColors.light['--text']) };
const dark = { bg: rgb(themeColors.dark['--bg']), text: rgb(themeColors.dark['--text']) };

interface BrowserGlobals {
  document: { documentElement: unknown };
  getComputedStyle(element: unknown): { backgroundColor: string; color: string };
}

/** The page's background and text colours, and those of a card on it. */
async function colours(page: Page) {
  // The e2e code is typed for Node, so the browser's globals are named here.
  return page.evaluate(() => {
    const browser = globalThis as unknown as BrowserGlobals;
    const root = browser.getComputedStyle(browser.document.documentElement);
    return { bg: root.backgroundColor, text: root.color };
  });
}

test('the app follows the emulated OS colour scheme', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(started!.host.url);
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  expect(await colours(page)).toEqual(dark);
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await colours(page)).toEqual(light);
});

test('Settings → Appearance: Dark and Light win over the OS and persist; System follows it again', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(started!.host.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings', exact: true }).click();
  const theme = page.getByRole('radiogroup', { name: 'Theme' });
  await expect(theme.getByRole('radio', { name: /^System/ })).toBeChecked();

  await theme.getByRole('radio', { name: /^Dark/ }).check();
  await expect.poll(() => colours(page)).toEqual(dark);
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect.poll(() => colours(page)).toEqual(dark);

  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(theme.getByRole('radio', { name: /^Dark/ })).toBeChecked();
  await theme.getByRole('radio', { name: /^Light/ }).check();
  await expect.poll(() => colours(page)).toEqual(light);

  await theme.getByRole('radio', { name: /^System/ }).check();
  await expect.poll(() => colours(page)).toEqual(dark);
  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(() => colours(page)).toEqual(light);
});

test('the session chrome is dark with the OS: toolbar text, End session and the state badge', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(started!.host.url);
  await addComputer(page, { name: 'lab-ssh', port: 2222, username: 'psmtest', password: 'psmtest-Pass1' });
  const tab = await connect(page, 'lab-ssh');
  await expect(tab.getByTestId('session-state')).toHaveText('Connected');
  const toolbar = tab.locator('.session-toolbar');
  await expect(toolbar.locator('.session-title')).toHaveCSS('color', dark.text);
  await expect(tab.getByRole('button', { name: 'End session' })).toHaveCSS(
    'background-color',
    rgb(themeColors.dark['--surface']),
  );
  await expect(tab.getByTestId('session-state')).toHaveCSS('background-color', rgb(themeColors.dark['--subtle']));
});
