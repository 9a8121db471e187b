import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { companionNames, keepPrivate } from './companions';
import { LocalStore } from './stores';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-companions-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('companion files of a recording', () => {
  const id = crypto.randomUUID();

  it('names the typescript guacd 1.6.0 writes beside a recording, suffix and all after a name clash', () => {
    expect(companionNames(id, id)).toEqual([`${id}.typescript`, `${id}.typescript.timing`]);
    expect(companionNames(`${id}.1`, id)).toEqual([`${id}.typescript.1`, `${id}.typescript.1.timing`]);
    expect(companionNames(`${id}.12`, id)).toEqual([`${id}.typescript.12`, `${id}.typescript.12.timing`]);
    expect(companionNames(`${id}.typescript`, id)).toEqual([]);
    expect(companionNames(crypto.randomUUID(), id)).toEqual([]);
  });

  it('makes evidence owner-only, and warns when it cannot', async () => {
    const file = path.join(work, id);
    fs.writeFileSync(file, 'recording', { mode: 0o640 });
    const warnings: Array<Record<string, unknown>> = [];
    const log = { warn: (event: string, fields: Record<string, unknown>) => void warnings.push({ event, ...fields }) };
    await keepPrivate([file, path.join(work, 'gone')], log);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(warnings).toEqual([
      expect.objectContaining({ event: 'recording.chmod_failed', file: path.join(work, 'gone') }),
    ]);
  });

  it('makes a local store folder that already existed owner-only', async () => {
    const dir = path.join(work, 'store');
    fs.mkdirSync(dir, { mode: 0o755 });
    fs.chmodSync(dir, 0o755);
    const file = path.join(work, 'source');
    fs.writeFileSync(file, 'bytes');
    await new LocalStore(dir).put('key', file);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
  });
});
