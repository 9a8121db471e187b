import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sessionText, type KeyEvent } from './sessionText';
import { writeTypescript } from './typescript.testkit';

const RETURN = 0xff0d;

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A fresh temporary folder, removed after the tests. */
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-text-'));
  dirs.push(dir);
  return dir;
}

/** Key presses and releases typing `text` from `fromMs`, one key every 40 ms; Return after it when `enter`. */
function typing(text: string, fromMs: number, enter = true): KeyEvent[] {
  const keysyms = [...text].map((c) => c.codePointAt(0) ?? 0).concat(enter ? [RETURN] : []);
  return keysyms.flatMap((keysym, i) => [
    { keysym, pressed: true, atMs: fromMs + i * 40 },
    { keysym, pressed: false, atMs: fromMs + i * 40 + 20 },
  ]);
}

/**
 * A sudo session as guacd records it: the typescript was opened 700 ms before the recording's
 * first sync (the login), so its times run 700 ms ahead of the recording's. Each flush is
 * followed by its frame's sync 2 ms later; idle frames end every second.
 */
function sudoSession(password: string) {
  const login = 700;
  const flushes = [
    { at: 800, text: '\x1b]0;bob@web: ~\x07bob@web:~$ ' },
    { at: 1500, text: 'sudo -k; sudo true\r\n' },
    { at: 1600, text: '[sudo] password for bob: ' },
    { at: 3800, text: '\r\n\x1b[01;32mbob@web\x1b[00m:~$ ' },
    { at: 4500, text: 'echo $((6*7))\r\n42\r\nbob@web:~$ ' },
  ];
  const frames = flushes.map((f) => f.at - login + 2);
  const syncs = [...new Set([0, 1000, 2000, 3000, 4000, ...frames])].sort((a, b) => a - b);
  const keys = [
    ...typing('sudo -k; sudo true', 100),
    // Typed 200 ms after the prompt was drawn (at 902 on the recording's clock, 1600 on the typescript's).
    ...typing(password, 1100),
    ...typing('echo $((6*7))', 3200),
  ];
  return { flushes, syncs, keys };
}

describe('sessionText', () => {
  it('hides what is typed at a password prompt up to Return, and lists what the session showed', async () => {
    const dir = tempDir();
    const password = crypto.randomBytes(9).toString('base64url');
    const { flushes, syncs, keys } = sudoSession(password);
    let previous = 0;
    const files = writeTypescript(
      dir,
      flushes.map((f) => {
        const afterMs = f.at - previous;
        previous = f.at;
        return { afterMs, text: f.text };
      }),
    );
    const found = await sessionText(keys, syncs, files);
    expect(found.keys.map((k) => k.text)).toEqual(['sudo -k; sudo true', '•••', 'echo $((6*7))']);
    expect(JSON.stringify(found)).not.toContain(password);
    // The password line sits where the prompt was drawn: the frame at 1600 - 700 + 2.
    expect(found.keys[1]?.atMs).toBe(902);
    // Shown lines are on the recording's clock: the frame that drew them.
    expect(found.shown).toContainEqual({ atMs: 4500 - 700 + 2, text: '42' });
    expect(found.shown.map((l) => l.text)).toContain('[sudo] password for bob:');
  });

  it('keeps every typed line when nothing asks for a secret, and without a typescript (RDP, VNC)', async () => {
    const keys = [...typing('echo password: not asked', 100), ...typing('ls', 2000)];
    const found = await sessionText(keys, [0, 1000, 2000]);
    expect(found).toEqual({
      keys: [
        { atMs: 100, text: 'echo password: not asked' },
        { atMs: 2000, text: 'ls' },
      ],
      shown: [],
      typedWithheld: false,
    });
    expect((await sessionText(keys, [0, 1000, 2000], undefined, 'rdp')).keys).toHaveLength(2);
  });

  it('keeps no typed line of an SSH or Telnet session whose typescript guacd did not write (fails closed)', async () => {
    const password = crypto.randomBytes(9).toString('base64url');
    for (const protocol of ['ssh', 'telnet'] as const) {
      const found = await sessionText(
        [...typing('sudo true', 100), ...typing(password, 900)],
        [0, 1000],
        undefined,
        protocol,
      );
      expect(found).toEqual({ keys: [], shown: [], typedWithheld: true });
    }
  });

  it('hides a second try after "Sorry, try again.", and the line being typed when the prompt appears', async () => {
    const dir = tempDir();
    const files = writeTypescript(dir, [
      { afterMs: 100, text: 'Password: ' },
      { afterMs: 900, text: '\r\nSorry, try again.\r\nPassword: ' },
    ]);
    const wrong = crypto.randomBytes(6).toString('hex');
    const right = crypto.randomBytes(6).toString('hex');
    const keys = [...typing(wrong, 150), ...typing(right, 1100)];
    const found = await sessionText(keys, [0, 100, 1000], files);
    expect(found.keys.map((k) => k.text)).toEqual(['•••', '•••']);
  });

  it("does not hide the first command after Telnet's login prompt, which guacd answers itself", async () => {
    const dir = tempDir();
    const files = writeTypescript(dir, [
      { afterMs: 100, text: 'web login: bob\r\nPassword: ' },
      { afterMs: 300, text: '\r\nLast login: today\r\nbob@web:~$ ' },
    ]);
    const found = await sessionText(typing('uptime', 1000), [0, 100, 400, 1000], files, 'telnet');
    expect(found.keys.map((k) => k.text)).toEqual(['uptime']);
  });

  it('keeps a sudo password hidden when a background job prints a line while the prompt waits', async () => {
    const files = writeTypescript(tempDir(), [
      { afterMs: 100, text: 'bob@web:~$ ' },
      { afterMs: 500, text: 'sudo true\r\n[sudo] password for bob: ' },
      { afterMs: 300, text: '\r\n[1]+  Done                    sleep 1\r\n' },
    ]);
    const password = crypto.randomBytes(9).toString('base64url');
    const keys = [...typing('sudo true', 150), ...typing(password, 1000)];
    for (const protocol of ['ssh', 'telnet'] as const) {
      const found = await sessionText(keys, [0, 100, 600, 900, 1000], files, protocol);
      expect(found.keys.map((k) => k.text)).toEqual(['sudo true', '•••']);
      expect(JSON.stringify(found)).not.toContain(password.slice(0, 4));
    }
  });

  it('keeps the line after a prompt nobody typed at hidden outside Telnet (errs on hiding)', async () => {
    const files = writeTypescript(tempDir(), [
      { afterMs: 100, text: 'Password: ' },
      { afterMs: 300, text: '\r\nbob@web:~$ ' },
    ]);
    const found = await sessionText(typing('uptime', 1000), [0, 100, 400, 1000], files, 'ssh');
    expect(found.keys.map((k) => k.text)).toEqual(['•••']);
  });
});
