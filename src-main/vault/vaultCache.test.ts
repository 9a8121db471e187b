import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '@shared/node/logger';
import { realSteps, type FileSteps } from '../files/durableFile';
import { VaultCacheStore, type VaultCacheData } from './vaultCache';

const log = createLogger({ name: 't', sink: () => undefined });
const personId = crypto.randomUUID();
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-cache-'));
});

const b64 = (n: number) => crypto.randomBytes(n).toString('base64url');
function data(items: number): VaultCacheData {
  const header = {
    format: 1 as const,
    vaultId: crypto.randomUUID(),
    kdf: { algorithm: 'argon2id' as const, memoryKiB: 1024, iterations: 1, parallelism: 1, salt: b64(16) },
    wrappedKey: { nonce: b64(12), ciphertext: b64(48) },
  };
  const list = Array.from({ length: items }, () => ({ id: crypto.randomUUID(), nonce: b64(12), ciphertext: b64(60) }));
  return {
    owner: { personId, username: 'erin', displayName: 'Erin', serverUrl: 'http://127.0.0.1:1' },
    base: { revision: 1, header, items: list, updatedAt: 'now' },
    items: list,
    dirty: [],
    remembered: null,
  };
}
const file = () => path.join(dir, `${personId}.json`);

describe('the vault cache on disk', () => {
  it('writes the whole copy with a schemaVersion, owner-only, and reads it back', () => {
    const store = new VaultCacheStore(dir, log);
    const saved = store.save(null, data(2));
    expect(saved).toMatchObject({ schemaVersion: 1, seq: 1 });
    expect(fs.statSync(file()).mode & 0o777).toBe(0o600);
    expect(store.load(personId)).toEqual({ cache: saved, setAside: [] });
    const again = store.save(saved, data(3));
    expect(store.load(personId).cache).toEqual(again);
    // The previous copy is kept beside it.
    expect(JSON.parse(fs.readFileSync(`${file()}.prev`, 'utf8'))).toEqual(saved);
    // The service passes the copy it holds with a change: that is still a newer write, stamped as such.
    const edited = store.save(again, { ...again, dirty: [again.items[0]?.id ?? ''] });
    expect(edited.seq).toBe(again.seq + 1);
    expect(store.load(personId).cache).toEqual(edited);
  });

  it('sets a truncated copy aside and uses the kept previous one', () => {
    const store = new VaultCacheStore(dir, log);
    const first = store.save(null, data(1));
    store.save(first, data(2));
    const text = fs.readFileSync(file(), 'utf8');
    fs.writeFileSync(file(), text.slice(0, text.length / 2));
    const loaded = store.load(personId);
    expect(loaded.cache).toEqual(first);
    expect(loaded.setAside).toEqual([`${file()}.corrupt`]);
    expect(fs.readFileSync(`${file()}.corrupt`, 'utf8')).toBe(text.slice(0, text.length / 2));
  });

  it('sets aside a copy from a newer OpenPSM or with a changed field, and says none is left', () => {
    const store = new VaultCacheStore(dir, log);
    const saved = store.save(null, data(1));
    fs.writeFileSync(file(), JSON.stringify({ ...saved, schemaVersion: 9 }));
    const loaded = store.load(personId);
    expect(loaded.cache).toBeNull();
    expect(loaded.setAside).toHaveLength(1);
    fs.writeFileSync(file(), JSON.stringify({ ...saved, dirty: ['not-a-uuid'] }));
    expect(store.load(personId).setAside).toEqual([`${file()}.corrupt.1`]);
  });

  it('loses nothing when the process dies at any step of a write, a torn write included', () => {
    const steps = ['writeDurable', 'tornWrite', 'rename-current', 'rename-next', 'syncDir'] as const;
    for (const crashAt of steps) {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir);
      const before = new VaultCacheStore(dir, log).save(null, data(1));
      let renames = 0;
      const dying: FileSteps = {
        writeDurable(target, text) {
          if (crashAt === 'writeDurable') throw new Error('crash');
          if (crashAt === 'tornWrite') {
            fs.writeFileSync(target, text.slice(0, 40));
            throw new Error('crash');
          }
          realSteps.writeDurable(target, text);
        },
        rename(from, to) {
          renames += 1;
          if ((crashAt === 'rename-current' && renames === 1) || (crashAt === 'rename-next' && renames === 2))
            throw new Error('crash');
          realSteps.rename(from, to);
        },
        syncDir(d) {
          if (crashAt === 'syncDir') throw new Error('crash');
          realSteps.syncDir(d);
        },
      };
      const next = data(2);
      expect(() => new VaultCacheStore(dir, log, dying).save(before, next)).toThrow('crash');
      // After the "restart": the old copy, or the new one once it was complete on disk; never nothing or a broken one.
      const loaded = new VaultCacheStore(dir, log).load(personId);
      expect([crashAt, loaded.setAside]).toEqual([crashAt, []]);
      const got = loaded.cache;
      expect([crashAt, got?.seq === before.seq ? 'old' : got?.items.length === 2 ? 'new' : 'lost']).toEqual([
        crashAt,
        ['writeDurable', 'tornWrite'].includes(crashAt) ? 'old' : 'new',
      ]);
      // The next write works normally from there.
      const store = new VaultCacheStore(dir, log);
      const after = store.save(got, data(3));
      expect(store.load(personId).cache).toEqual(after);
    }
  });

  it('finds the latest copy for a server, for unlocking offline before signing in', () => {
    const store = new VaultCacheStore(dir, log);
    store.save(null, data(1));
    expect(store.latestFor('http://127.0.0.1:1')?.owner.username).toBe('erin');
    expect(store.latestFor('http://elsewhere')).toBeNull();
    expect(new VaultCacheStore(path.join(dir, 'missing'), log).latestFor('http://127.0.0.1:1')).toBeNull();
  });
});
