import { expect, test } from '@playwright/test';
import { openAsErin, startShortcutLab, type ShortcutLab } from '../support/shortcutLab';

/**
 * The command palette (Ctrl+K) in the browser host, through the gateway and the guacd double:
 * part of a computer's name connects to it the way My Resources does (the terms, then the
 * session), any page is a few keys away, and it is a combobox over a listbox in a dialog.
 */

test.describe.configure({ timeout: 120_000 });
let lab: ShortcutLab | undefined;
test.beforeEach(async () => {
  lab = await startShortcutLab(['lab-a', 'lab-b']);
});
test.afterEach(async () => {
  await lab?.stop();
  lab = undefined;
});

test('Ctrl+K, part of a name and Enter connect to that computer through the terms', async ({ page }) => {
  await openAsErin(page, lab!);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Home' }).click();
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  const input = palette.getByRole('combobox', { name: 'Connect to a computer or go to a page' });
  await expect(input).toBeFocused();
  await input.pressSequentially('lab-b');
  // Of the demo's computers and the lab's two, only lab-b matches.
  const options = palette.getByRole('listbox', { name: 'Commands' }).getByRole('option');
  await expect(options).toHaveCount(1);
  await expect(options.first()).toContainText('Connect to lab-b');
  await expect(options.filter({ hasText: 'Connect to lab-a' })).toHaveCount(0);
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await expect(input).toHaveAttribute('aria-activedescendant', (await options.first().getAttribute('id')) ?? '');
  await input.press('Enter');
  await expect(palette).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Terms and conditions: lab-b' })).toBeVisible();
  await page.getByRole('button', { name: 'Agree and connect' }).click();
  const tab = page.getByRole('region', { name: 'Session lab-b' });
  await expect(tab.getByTestId('session-state')).toHaveText('Connected', { timeout: 15_000 });
  expect(lab!.double.entries().filter((e) => (e['received'] as string[] | undefined)?.[0] === 'connect')).toHaveLength(
    1,
  );
});

test('the palette goes to any page with the arrow keys, and Escape closes it where it was', async ({ page }) => {
  await openAsErin(page, lab!);
  const search = page.getByRole('searchbox', { name: 'Search' });
  await search.focus();
  // Ctrl+K works from a text field too.
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  const input = palette.getByRole('combobox');
  await input.pressSequentially('go to');
  const options = palette.getByRole('option');
  await expect(options).toHaveText([
    'Go to HomePage',
    'Go to My ResourcesPage',
    'Go to VaultPage',
    'Go to SettingsPage',
  ]);
  await input.press('ArrowDown');
  await input.press('ArrowDown');
  await expect(options.nth(2)).toHaveAttribute('aria-selected', 'true');
  await input.press('ArrowUp');
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await input.press('ArrowUp');
  await input.press('ArrowUp');
  // Up from the first wraps to the last.
  await expect(options.nth(3)).toHaveAttribute('aria-selected', 'true');
  await input.press('Enter');
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();

  await page.keyboard.press('Control+k');
  await expect(palette).toBeVisible();
  await palette.getByRole('combobox').pressSequentially('nothing-is-called-this');
  await expect(palette.getByRole('status')).toHaveText('Nothing matches.');
  await page.keyboard.press('Escape');
  await expect(palette).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
});
