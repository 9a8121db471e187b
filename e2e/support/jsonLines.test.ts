import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJsonLines } from './jsonLines';

describe('readJsonLines', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jsonl-')), 'log.jsonl');

  it('returns nothing for a log not yet created', () => {
    expect(readJsonLines(path.join(path.dirname(file), 'missing.jsonl'))).toEqual([]);
  });

  it('leaves a half-written last line for the next read instead of throwing', () => {
    fs.writeFileSync(file, '{"a":1}\n{"b":"unfinish');
    expect(readJsonLines(file)).toEqual([{ a: 1 }]);
    fs.appendFileSync(file, 'ed"}\n');
    expect(readJsonLines(file)).toEqual([{ a: 1 }, { b: 'unfinished' }]);
  });
});
