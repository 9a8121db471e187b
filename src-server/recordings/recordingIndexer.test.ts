import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexRecording } from './recordingIndexer';
import { keysymText, TypedText } from './typedText';
import { writeTypescript } from './typescript.testkit';

const fixture = (name: string) => path.join(import.meta.dirname, '../../e2e/fixtures/guacd', name);

describe('indexRecording on guacd 1.6.0 recordings', () => {
  it.each([
    { name: 'ssh-session.recording', seconds: 7.3, typed: ['echo hello-fixture', 'ls /'] },
    { name: 'vnc-session.recording', seconds: 4.5, typed: ['echo hello-vnc'] },
    { name: 'rdp-session.recording', seconds: 7.3, typed: ['echo hello-rdp'] },
  ])('$name: hash, length, marks that reach its end, and the typed lines', async ({ name, seconds, typed }) => {
    const bytes = fs.readFileSync(fixture(name));
    const found = await indexRecording(fixture(name));
    expect(found.sha256).toBe(crypto.createHash('sha256').update(bytes).digest('hex'));
    expect(found.bytes).toBe(bytes.length);
    expect(found.durationMs / 1000).toBeCloseTo(seconds, 0);
    expect(found.keys.map((k) => k.text)).toEqual(typed);
    // Each mark's offset ends a frame: the text there is a sync instruction's end.
    for (const mark of found.marks) expect(bytes.subarray(0, mark.offset).toString('utf8')).toMatch(/4\.sync,[^;]*;$/);
    expect(found.marks[0]?.keyframe).toBe(true);
    expect(found.marks.at(-1)?.atMs).toBe(found.durationMs);
    expect(found.marks.map((m) => m.offset)).toEqual([...found.marks.map((m) => m.offset)].sort((a, b) => a - b));
    // The typed lines sit inside the recording's time.
    for (const line of found.keys) expect(line.atMs).toBeGreaterThan(0);
    for (const line of found.keys) expect(line.atMs).toBeLessThan(found.durationMs);
  });

  it("keeps the sizes of the session's typescript files (a read of one is clipped to them)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-index-'));
    const files = writeTypescript(dir, [{ afterMs: 100, text: 'bob@web:~$ ' }]);
    const found = await indexRecording(fixture('ssh-session.recording'), files, 'ssh');
    expect(found).toMatchObject({
      typescriptBytes: fs.statSync(files.data).size,
      timingBytes: fs.statSync(files.timing).size,
      typedWithheld: false,
    });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('puts keyframes at least 5 s and 16 KiB apart, and a mark about every 2 s of a long recording', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-index-'));
    const frame = (ts: number) =>
      `4.rect,1.0,1.0,1.0,2.10,2.10;5.cfill,2.14,1.0,1.0,1.0,1.0,3.255;3.img,1.1,2.12,1.0,9.image/png,1.0,1.0;4.blob,1.1,${'A'.repeat(4000).length}.${'A'.repeat(4000)};3.end,1.1;4.sync,${String(ts).length}.${ts};`;
    fs.writeFileSync(path.join(dir, 'long'), Array.from({ length: 120 }, (_, i) => frame(1000 + i * 500)).join(''));
    const found = await indexRecording(path.join(dir, 'long'));
    expect(found.durationMs).toBe(119 * 500);
    const keyframes = found.marks.filter((m) => m.keyframe);
    for (let i = 1; i < keyframes.length; i += 1) {
      expect((keyframes[i]?.atMs ?? 0) - (keyframes[i - 1]?.atMs ?? 0)).toBeGreaterThanOrEqual(5000);
      expect((keyframes[i]?.offset ?? 0) - (keyframes[i - 1]?.offset ?? 0)).toBeGreaterThanOrEqual(16384);
    }
    // No seek reads more than about 2 s past its target, and the index stays small.
    for (let i = 1; i < found.marks.length; i += 1)
      expect((found.marks[i]?.atMs ?? 0) - (found.marks[i - 1]?.atMs ?? 0)).toBeLessThanOrEqual(2500);
    expect(found.marks.length).toBeLessThanOrEqual(40);
  });

  it('refuses a file that is not a Guacamole recording', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-index-'));
    fs.writeFileSync(path.join(dir, 'bad'), 'this is not guacamole');
    await expect(indexRecording(path.join(dir, 'bad'))).rejects.toThrow();
  });
});

describe('typed text', () => {
  it.each([
    [0x61, 'a'],
    [0x41, 'A'],
    [0xe9, 'é'],
    [0x10020ac, '€'],
    [0xffb7, '7'],
    [0xff09, '⇥'],
    [0xffe1, null],
    [0xff51, null],
  ])('keysym %s types %s', (keysym, text) => expect(keysymText(keysym)).toBe(text));

  it('ends a line at Return, takes characters back with BackSpace, reads Ctrl+C as ^C, and skips empty lines', () => {
    const typed = new TypedText();
    const press = (keysym: number, at: number) => {
      typed.key(keysym, true, at);
      typed.key(keysym, false, at + 5);
    };
    [0x6c, 0x73, 0x73].forEach((k, i) => press(k, 100 + i * 10));
    press(0xff08, 200);
    press(0xff0d, 210);
    press(0xff0d, 300);
    typed.key(0xffe3, true, 400);
    press(0x63, 410);
    typed.key(0xffe3, false, 420);
    press(0x78, 430);
    typed.endLine();
    expect(typed.lines).toEqual([
      { atMs: 100, text: 'ls' },
      { atMs: 410, text: '^Cx' },
    ]);
  });
});
