import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { GuacDecoder } from '@shared/common/guac/decoder';
import type { RealGuacd } from './realGuacd';
import { textOf } from './realLab';
import type { TestAccount } from './realTargets';
import { litPixels } from './sessionUi';

/**
 * Races between real guacd and real targets that end a login without a shell, each known by
 * what guacd logs. A person would connect again; so does openShell, and says so. (guacd 1.6.0's
 * SSH size handler racing its connect thread, "Unable to associate shell with PTY.", is not one:
 * the tab sends no size before guacd's first frame, so that is a failure again.)
 */
const knownRaces = [
  {
    logged: 'Password sent',
    why: "PAM's prompt (misc_conv) prints 'Password: ' and only then drops pending input (TCSAFLUSH) to turn echo off; guacd's telnet types the password the moment it sees the prompt, so it can be dropped",
  },
];

/** Waits (bounded) until the account's shell shows a new prompt, or the tab shows the session's end. */
async function promptOrEnd(page: Page, name: string, user: TestAccount, promptsBefore: number): Promise<boolean> {
  const ended = page.getByRole('region', { name: `Session ${name}` }).getByTestId('session-end');
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (user.prompts() > promptsBefore) return true;
    if (await ended.isVisible()) return false;
    await new Promise((r) => setTimeout(r, 200));
  }
  return user.prompts() > promptsBefore;
}

/**
 * Connects with `open` (a click on Connect, and whatever follows) until the session tab `name`
 * runs a shell of `user` that shows its prompt (the account's PROMPT_COMMAND counts prompts)
 * and the tab draws it. A login that ends without a shell is tried again (three attempts at
 * most) only when guacd's log shows one of the known races; anything else fails the test.
 */
export async function openShell(
  page: Page,
  name: string,
  user: TestAccount,
  guacd: RealGuacd,
  open: () => Promise<void>,
) {
  const tab = page.getByRole('region', { name: `Session ${name}` });
  for (let attempt = 1; ; attempt++) {
    const promptsBefore = user.prompts();
    const logFrom = guacd.log().length;
    await open();
    if (await promptOrEnd(page, name, user, promptsBefore)) break;
    const shown = (await tab.getByTestId('session-end').isVisible())
      ? await tab.getByTestId('session-end').innerText()
      : 'Connected, no prompt';
    const race = knownRaces.find((r) =>
      guacd
        .log()
        .slice(logFrom)
        .some((line) => line.includes(r.logged)),
    );
    if (!race || attempt === 3)
      throw new Error(`No shell prompt in session ${name} (attempt ${attempt}); the tab shows: ${shown}`);
    const note = `${race.why}. The tab showed: ${shown.replace(/\s+/g, ' ')}`;
    console.log(`${name}: no shell prompt, connecting again. Known race: ${note}`);
    test.info().annotations.push({ type: 'known race, connected again', description: note });
    await tab.getByRole('button', { name: /^(End session|Close)$/ }).click();
    await expect(tab).toHaveCount(0);
  }
  await expect(tab.getByTestId('session-state')).toHaveText('Connected');
  await expect.poll(() => litPixels(page, name), { timeout: 10_000 }).toBeGreaterThan(100);
}

/**
 * In the session tab `name`, at a shell prompt: types `echo <random marker> > <file>` and Enter
 * into the session screen, and waits (bounded) until the file on disk holds the marker.
 * Returns the command typed.
 */
export async function typeCommandThatWritesAFile(page: Page, name: string, user: TestAccount): Promise<string> {
  const tab = page.getByRole('region', { name: `Session ${name}` });
  const marker = crypto.randomBytes(8).toString('hex');
  const file = path.join(user.workDir, `typed-${marker}.txt`);
  const command = `echo ${marker} > ${file}`;
  await tab.getByTestId('session-screen').click();
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
  await expect.poll(() => textOf(file), { timeout: 15_000 }).toBe(`${marker}\n`);
  await expect(tab.getByTestId('session-state')).toHaveText('Connected');
  return command;
}

/** The printable characters of the key presses in a guacd recording (`recording-include-keys`), in order. */
export function typedInRecording(file: string): string {
  let typed = '';
  new GuacDecoder().feed(fs.readFileSync(file), ([opcode, keysym, pressed]) => {
    if (opcode === 'key' && pressed === '1' && Number(keysym) >= 0x20 && Number(keysym) < 0x7f) {
      typed += String.fromCharCode(Number(keysym));
    }
  });
  return typed;
}
