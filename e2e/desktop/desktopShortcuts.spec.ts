import { expect, test, type Page } from '@playwright/test';
import { desktopShellScript } from '../support/desktopShell';
import { connectLab, openAsErin, startShortcutLab, type ShortcutLab } from '../support/shortcutLab';

/**
 * Keyboard shortcuts of the desktop app (Ctrl+Tab, Ctrl+Shift+Tab, Ctrl+1…9, Ctrl+W), in Chromium
 * with a double of the desktop shell's preload (e2e/support/desktopShell.ts): the app runs as the
 * desktop app, its sessions over MessagePorts, against the gateway and the guacd double.
 */

test.describe.configure({ timeout: 90_000 });
let lab: ShortcutLab | undefined;
test.beforeEach(async ({ page }) => {
  lab = await startShortcutLab(['lab-a', 'lab-b']);
  await page.addInitScript(desktopShellScript());
});
test.afterEach(async () => {
  await lab?.stop();
  lab = undefined;
});

const keysym = { Control_L: 0xffe3, Tab: 0xff09, w: 0x77 };
const shown = (page: Page, name: string) => page.getByRole('region', { name: `Session ${name}` });

test('Ctrl chords switch and close tabs (asking first while live), ? lists the desktop chords, sessions run over the MessagePort', async ({
  page,
}) => {
  await openAsErin(page, lab!);
  // Reaching Connected takes the MessagePort the shell double hands over.
  await connectLab(page, 'lab-a');
  await connectLab(page, 'lab-b');
  await shown(page, 'lab-b').locator('.session-toolbar .session-title').click();

  await page.keyboard.press('Control+1');
  await expect(shown(page, 'lab-a')).toBeVisible();
  await expect(shown(page, 'lab-b')).toBeHidden();
  await page.keyboard.press('Control+2');
  await expect(shown(page, 'lab-b')).toBeVisible();
  // Next after the last session tab is the page they were opened from, then the first session tab.
  await page.keyboard.press('Control+Tab');
  await expect(page.getByRole('heading', { name: 'My Resources' })).toBeVisible();
  await page.keyboard.press('Control+Tab');
  await expect(shown(page, 'lab-a')).toBeVisible();
  await page.keyboard.press('Control+Shift+Tab');
  await expect(page.getByRole('heading', { name: 'My Resources' })).toBeVisible();

  await page.keyboard.press('Shift+?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help.getByRole('rowheader')).toContainText(['Ctrl+Tab', 'Ctrl+Shift+Tab', 'Ctrl+1 … Ctrl+9', 'Ctrl+W']);
  await expect(help.getByText(/^Alt\+/)).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);

  // Ctrl+W on a live session asks first; Cancel keeps it, End session closes the tab.
  await page.keyboard.press('Control+2');
  await expect(shown(page, 'lab-b')).toBeVisible();
  await page.keyboard.press('Control+w');
  const ask = page.getByRole('dialog', { name: 'End the session on lab-b?' });
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(shown(page, 'lab-b')).toBeVisible();
  await page.keyboard.press('Control+w');
  await ask.getByRole('button', { name: 'End session' }).click();
  await expect(shown(page, 'lab-b')).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Sessions' }).getByRole('button')).toHaveText(['lab-a']);
});

test('while a session has the keyboard Ctrl+Tab and Ctrl+W go to the remote computer; Ctrl+Alt+Shift gives the keyboard back', async ({
  page,
}) => {
  await openAsErin(page, lab!);
  await connectLab(page, 'lab-a');
  const tab = await connectLab(page, 'lab-b');
  await tab.getByTestId('session-screen').click();

  await page.keyboard.press('Control+Tab');
  await page.keyboard.press('Control+w');
  await expect.poll(() => lab!.pressedKeys()).toEqual(expect.arrayContaining([keysym.Control_L, keysym.Tab, keysym.w]));
  // The app took neither: same tab, no question, both sessions still there.
  await expect(tab).toBeVisible();
  await expect(tab.getByTestId('session-screen')).toBeFocused();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Sessions' }).getByRole('button')).toHaveText(['lab-a', 'lab-b']);

  await page.keyboard.down('Control');
  await page.keyboard.down('Alt');
  await page.keyboard.down('Shift');
  await page.keyboard.up('Shift');
  await page.keyboard.up('Alt');
  await page.keyboard.up('Control');
  await expect(tab.getByRole('button', { name: 'End session' })).toBeFocused();
  await page.keyboard.press('Control+Tab');
  await expect(page.getByRole('heading', { name: 'My Resources' })).toBeVisible();
  await page.keyboard.press('Control+2');
  await expect(tab).toBeVisible();
  await page.keyboard.press('Control+w');
  await expect(page.getByRole('dialog', { name: 'End the session on lab-b?' })).toBeVisible();
});
