import { expect, test, type Page } from '@playwright/test';
import { connectLab, openAsErin, startShortcutLab, type ShortcutLab } from '../support/shortcutLab';
import { createVault } from '../support/vaultUi';

/**
 * Keyboard shortcuts in the browser host (its Alt chords; Chromium keeps Ctrl+W, Ctrl+Tab and
 * Ctrl+1…9), through the gateway and the guacd double: each chord does its thing, and none is
 * taken while a session's screen has the keyboard (the keys reach the double instead).
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

const master = 'e2e-Master-Tulip-Orbit-91';
const keysym = { Control_L: 0xffe3, Alt_L: 0xffe9, one: 0x31, k: 0x6b, question: 0x3f, w: 0x77, z: 0x7a };
const shown = (page: Page, name: string) => page.getByRole('region', { name: `Session ${name}` });

test('Alt chords switch and close tabs (asking first while live), / searches My Resources, ? lists the chords of this host, Ctrl+Shift+L locks the vault', async ({
  page,
}) => {
  await openAsErin(page, lab!);
  await createVault(page, master);
  await connectLab(page, 'lab-a');
  await connectLab(page, 'lab-b');
  await expect(shown(page, 'lab-b')).toBeVisible();
  // A connected session takes the keyboard; a click outside its screen gives it back to the app.
  await shown(page, 'lab-b').locator('.session-toolbar .session-title').click();

  await page.keyboard.press('Alt+1');
  await expect(shown(page, 'lab-a')).toBeVisible();
  await expect(shown(page, 'lab-b')).toBeHidden();
  // A tab switched to by keyboard leaves the keyboard with the app, so the next chord works too.
  await expect(shown(page, 'lab-a').getByRole('button', { name: 'End session' })).toBeFocused();
  await page.keyboard.press('Alt+2');
  await expect(shown(page, 'lab-b')).toBeVisible();
  // Next after the last session tab is the page they were opened from, then the first session tab.
  await page.keyboard.press('Alt+PageDown');
  await expect(page.getByRole('heading', { name: 'My Resources' })).toBeVisible();
  await page.keyboard.press('Alt+PageDown');
  await expect(shown(page, 'lab-a')).toBeVisible();
  await page.keyboard.press('Alt+PageUp');
  await expect(page.getByRole('heading', { name: 'My Resources' })).toBeVisible();

  // ? lists this host's chords; typing ? in a field types it.
  await page.keyboard.press('Shift+?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help.getByRole('rowheader')).toContainText(['Alt+Page Down', 'Alt+Page Up', 'Alt+1 … Alt+9', 'Alt+W']);
  await expect(help.getByText('Ctrl+W', { exact: true })).toHaveCount(0);
  await expect(help.getByText('Ctrl+Shift+L', { exact: true })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);

  // / goes to My Resources' search from another page; ? typed there stays text.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Home' }).click();
  await page.keyboard.press('/');
  const search = page.getByRole('searchbox', { name: 'Search' });
  await expect(search).toBeFocused();
  await page.keyboard.type('lab-b?');
  await expect(search).toHaveValue('lab-b?');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // Alt+W on a live session asks first; Cancel keeps it, End session closes the tab.
  await page.keyboard.press('Alt+2');
  await expect(shown(page, 'lab-b')).toBeVisible();
  await page.keyboard.press('Alt+W');
  const ask = page.getByRole('dialog', { name: 'End the session on lab-b?' });
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(shown(page, 'lab-b')).toBeVisible();
  await page.keyboard.press('Alt+W');
  await ask.getByRole('button', { name: 'End session' }).click();
  await expect(shown(page, 'lab-b')).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Sessions' }).getByRole('button')).toHaveText(['lab-a']);

  await page.keyboard.press('Control+Shift+L');
  await expect(page.getByRole('button', { name: 'Lock vault' })).toHaveCount(0);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Vault' }).click();
  await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
});

test('while a session has the keyboard every chord goes to the remote computer; Ctrl+Alt+Shift gives the keyboard back', async ({
  page,
}) => {
  await openAsErin(page, lab!);
  await createVault(page, master);
  await connectLab(page, 'lab-a');
  const tab = await connectLab(page, 'lab-b');
  await tab.getByTestId('session-screen').click();

  for (const chord of ['Alt+1', 'Shift+?', 'Control+k', 'Alt+w', 'Control+Shift+L', 'Alt+PageDown'])
    await page.keyboard.press(chord);
  // The keys reached guacd, in order…
  await expect
    .poll(() => lab!.pressedKeys())
    .toEqual(expect.arrayContaining([keysym.Alt_L, keysym.one, keysym.question, keysym.Control_L, keysym.k, keysym.w]));
  // …and the app took none of them: same tab, no dialog, the vault still open.
  await expect(tab).toBeVisible();
  await expect(tab.getByTestId('session-screen')).toBeFocused();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Lock vault' })).toBeVisible();

  // The one chord that gives the keyboard back: then the app's chords work again.
  await page.keyboard.down('Control');
  await page.keyboard.down('Alt');
  await page.keyboard.down('Shift');
  await page.keyboard.up('Shift');
  await page.keyboard.up('Alt');
  await page.keyboard.up('Control');
  await expect(tab.getByRole('button', { name: 'End session' })).toBeFocused();
  // Ctrl and Alt went down on the remote before the chord was complete (then released): wait for them.
  await expect.poll(() => lab!.pressedKeys().slice(-2)).toEqual([keysym.Control_L, keysym.Alt_L]);
  const before = lab!.pressedKeys().length;
  await page.keyboard.press('Alt+1');
  await expect(shown(page, 'lab-a')).toBeVisible();
  // A key typed into lab-a's screen afterwards is the only one the remote gets: Alt+1 stayed in the app.
  await shown(page, 'lab-a').getByTestId('session-screen').click();
  await page.keyboard.press('z');
  await expect.poll(() => lab!.pressedKeys().slice(before)).toEqual([keysym.z]);
});
