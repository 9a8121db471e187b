import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { realSteps, type FileSteps } from './durableFile';
import { parseVersioned, readDurable, writeVersioned, type FileFormat } from './versionedFile';

const format: FileFormat<{ schemaVersion: 2; name: string; size: number }> = {
  version: 2,
  schema: z.object({ schemaVersion: z.literal(2), name: z.string(), size: z.number() }).strict(),
  migrations: {
    0: (old) => ({ schemaVersion: 1, name: old['title'] }),
    1: (old) => ({ ...old, schemaVersion: 2, size: 0 }),
  },
};

describe('versioned JSON files', () => {
  it.each([
    [
      'the current version',
      '{"schemaVersion":2,"name":"a","size":3}',
      { value: { schemaVersion: 2, name: 'a', size: 3 }, from: 2 },
    ],
    [
      'version 0 (no schemaVersion), migrated step by step',
      '{"title":"old"}',
      { value: { schemaVersion: 2, name: 'old', size: 0 }, from: 0 },
    ],
    ['a file from a newer OpenPSM', '{"schemaVersion":3}', { problem: 'written by a newer OpenPSM (schemaVersion 3)' }],
    ['text that is not JSON', '{"schema', { problem: 'not JSON' }],
    ['an array', '[]', { problem: 'not an object' }],
    ['a bad schemaVersion', '{"schemaVersion":"2"}', { problem: 'bad schemaVersion' }],
    ['data the schema refuses', '{"schemaVersion":2,"name":1,"size":3}', { problem: 'invalid at name' }],
  ])('reads %s', (_name, text, expected) => {
    expect(parseVersioned(text, format)).toEqual(expected);
  });

  it('says when no migration reaches the current version', () => {
    expect(parseVersioned('{"schemaVersion":1}', { ...format, migrations: {} })).toEqual({
      problem: 'no migration from schemaVersion 1',
    });
  });

  it('writes durably and owner-only, and a crash between the renames still leaves a copy to read', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-versioned-'));
    const file = path.join(dir, 'data.json');
    const synced: string[] = [];
    const steps: FileSteps = {
      ...realSteps,
      writeDurable: (f, text) => (synced.push(path.basename(f)), realSteps.writeDurable(f, text)),
    };
    writeVersioned(file, { schemaVersion: 2, name: 'first', size: 1 }, { steps });
    expect(synced).toEqual(['data.json.next']);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(readDurable(file)).toEqual({ text: '{"schemaVersion":2,"name":"first","size":1}', copy: file });
    // The app dies after the current copy became the previous one, before the new one took its name.
    const crashing: FileSteps = {
      ...realSteps,
      rename: (from, to) => {
        if (from.endsWith('.next')) throw new Error('crash');
        realSteps.rename(from, to);
      },
    };
    expect(() => writeVersioned(file, { schemaVersion: 2, name: 'second', size: 2 }, { steps: crashing })).toThrow(
      'crash',
    );
    expect(fs.existsSync(file)).toBe(false);
    expect(readDurable(file)).toEqual({ text: '{"schemaVersion":2,"name":"second","size":2}', copy: `${file}.next` });
    fs.rmSync(`${file}.next`);
    expect(readDurable(file)?.copy).toBe(`${file}.prev`);
    fs.rmSync(`${file}.prev`);
    expect(readDurable(file)).toBeNull();
  });
});
