import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';

export interface ComputerFields {
  name: string;
  protocol?: 'ssh' | 'rdp' | 'vnc' | 'telnet';
  host?: string;
  port: number;
  username?: string;
  password?: string;
  blockCopy?: boolean;
  blockPaste?: boolean;
  /** RDP only: the certificate check to pick ('ignore' for the double's self-signed lab); absent leaves the form's default. */
  certificate?: 'ignore' | 'verify';
}

const certificateChoices = {
  ignore: 'Ignore the certificate (insecure)',
  verify: "Verify against guacd's trusted certificates",
} as const;

/** Adds a computer through the Computers page, as a user would. */
export async function addComputer(page: Page, c: ComputerFields): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Computers' }).click();
  await page.getByRole('button', { name: 'Add a computer' }).click();
  const form = page.getByRole('form', { name: 'Add a computer' });
  await form.getByLabel('Name', { exact: true }).fill(c.name);
  await form.getByLabel('Protocol').selectOption(c.protocol ?? 'ssh');
  await form.getByLabel('Host', { exact: true }).fill(c.host ?? '127.0.0.1');
  await form.getByLabel('Port', { exact: true }).fill(String(c.port));
  await form.getByLabel('Username', { exact: true }).fill(c.username ?? '');
  if (c.password) await form.getByLabel(/^Password/).fill(c.password);
  if (c.blockCopy) await form.getByLabel('Block copying from the remote computer').check();
  if (c.blockPaste) await form.getByLabel('Block pasting to the remote computer').check();
  if (c.certificate) {
    const choices = form.getByRole('radiogroup', { name: 'Certificate check' });
    await choices.getByRole('radio', { name: certificateChoices[c.certificate] }).check();
  }
  await form.getByRole('button', { name: 'Save computer' }).click();
  await expect(page.getByRole('row', { name: new RegExp(c.name) })).toBeVisible();
}

/** Clicks Connect on a computer's row and returns the session tab. */
export async function connect(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Computers' }).click();
  await page.getByRole('button', { name: `Connect to ${name}` }).click();
  return page.getByRole('region', { name: `Session ${name}` });
}

/** Counts non-black, non-transparent pixels across the session's canvases. */
export async function litPixels(page: Page, sessionName: string): Promise<number> {
  return litPixelsIn(page.getByRole('region', { name: `Session ${sessionName}` }));
}

/** Counts non-black, non-transparent pixels across the canvases inside `element` (a session, a player). */
export async function litPixelsIn(element: Locator): Promise<number> {
  return element.evaluate((region) => {
    let lit = 0;
    for (const canvas of region.querySelectorAll('canvas')) {
      if (canvas.width === 0 || canvas.height === 0) continue;
      const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
      if (!data) continue;
      for (let i = 0; i < data.length; i += 16)
        if ((data[i + 3] ?? 0) > 0 && ((data[i] ?? 0) > 16 || (data[i + 1] ?? 0) > 16 || (data[i + 2] ?? 0) > 16))
          lit += 1;
    }
    return lit;
  });
}

/** Settings → Backend → Direct to guacd, then Computers → guacd: the address of a guacd on loopback, as a user sets it up. */
export async function chooseDirectMode(page: Page, guacdPort: number): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByLabel(/Direct to guacd/).check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved')).toBeVisible();
  await nav.getByRole('button', { name: 'Computers' }).click();
  const form = page.getByRole('form', { name: 'guacd address' });
  await form.getByLabel('guacd host').fill('127.0.0.1');
  await form.getByLabel('guacd port').fill(String(guacdPort));
  await form.getByRole('button', { name: 'Save guacd address' }).click();
  await expect(form.getByText('guacd address saved')).toBeVisible();
}

/**
 * Types `echo <marker> > <dir>/typed-<marker>.txt` into the terminal at the remote screen's top
 * left (no window manager there: focus follows the pointer) and waits, bounded, for the file.
 */
export async function typeIntoRemoteTerminal(page: Page, tab: Locator, dir: string, prefix: string): Promise<void> {
  const marker = `${prefix}-${crypto.randomBytes(4).toString('hex')}`;
  const typed = path.join(dir, `typed-${marker}.txt`);
  const written = () => (fs.existsSync(typed) ? fs.readFileSync(typed, 'utf8').trim() : '');
  // A remote terminal that is drawn may not take keys yet (its shell still starting on a busy
  // machine): the line is typed again, at most three times, until it has run.
  for (let attempt = 1; attempt <= 3 && written() !== marker; attempt += 1) {
    await tab.getByTestId('session-screen').click({ position: { x: 60, y: 40 } });
    await page.keyboard.type(`echo ${marker} > ${typed}`);
    await page.keyboard.press('Enter');
    await expect
      .poll(written, { timeout: 10_000 })
      .toBe(marker)
      .catch(() => undefined);
  }
  expect(written()).toBe(marker);
}
