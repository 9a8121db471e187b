import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alignChunks, eachOutputChunk, parseTiming } from './typescript';
import { writeTypescript } from './typescript.testkit';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe('typescript', () => {
  it('adds up the timing lines into times since the typescript was opened', () => {
    expect(parseTiming('0.750000 12\n1.250000 3\nnot a line\n0.000000 1\n')).toEqual([
      { sinceStartMs: 750, bytes: 12 },
      { sinceStartMs: 2000, bytes: 3 },
      { sinceStartMs: 2000, bytes: 1 },
    ]);
  });

  it('streams each flush as text, UTF-8 whole across flushes, without the header and the footer', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-ts-'));
    dirs.push(dir);
    const euro = Buffer.from('€');
    const files = writeTypescript(dir, [
      { afterMs: 10, text: 'a' },
      { afterMs: 10, text: 'b' },
    ]);
    // A flush may end inside a character: guacd cuts bytes, not characters.
    fs.writeFileSync(
      files.data,
      Buffer.concat([
        Buffer.from('[BEGIN TYPESCRIPT]\n'),
        euro.subarray(0, 1),
        euro.subarray(1),
        Buffer.from('\n[END TYPESCRIPT]\n'),
      ]),
    );
    const seen: string[] = [];
    await eachOutputChunk(files.data, [{ bytes: 1 }, { bytes: 2 }], (_, text) => seen.push(text));
    expect(seen).toEqual(['', '€']);
  });

  it("puts flushes on the recording's clock: each just before its frame's sync, whatever the login took", () => {
    // guacd opened the typescript 700 ms before the recording's first sync (the SSH login).
    const login = 700;
    const flushes = [800, 2000, 2010, 4000];
    const syncs = [0, 102, 1000, 1302, 1313, 2000, 3303, 4000];
    expect(alignChunks(flushes, syncs)).toEqual(flushes.map((at) => syncs.find((s) => s >= at - login) ?? -1));
  });

  it("keeps the typescript's own times when the recording has no sync, and never goes back in time", () => {
    expect(alignChunks([5, 10], [])).toEqual([5, 10]);
    expect(alignChunks([], [1, 2])).toEqual([]);
    const aligned = alignChunks([100, 5000, 5001], [0, 4900]);
    expect(aligned).toEqual([...aligned].sort((a, b) => a - b));
  });
});
