import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, startS3, type ObjectStore } from '../../e2e/support/objectStores';
import { recordingConfigFrom, recordingSettingsFrom } from '@shared/node/config/recordings';
import type { RecordingStore } from './recordingStore';
import { LocalStore, openRecordingStore } from './stores';

const recording = path.join(import.meta.dirname, '../../e2e/fixtures/guacd/ssh-session.recording');
const bytes = fs.readFileSync(recording);

let s3: ObjectStore;
let azurite: ObjectStore;
beforeAll(async () => {
  [s3, azurite] = await Promise.all([startS3(), startAzurite()]);
}, 30_000);
afterAll(async () => Promise.all([s3?.stop(), azurite?.stop()]));

const stores: Array<{ name: string; open(): Promise<RecordingStore> }> = [
  {
    name: 'a local folder',
    open: () => Promise.resolve(new LocalStore(fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-store-')))),
  },
  {
    name: 's3rver',
    open: () => openRecordingStore(recordingSettingsFrom(recordingConfigFrom(s3.serverEnv), os.tmpdir()).store),
  },
  {
    name: 'Azurite',
    open: () => openRecordingStore(recordingSettingsFrom(recordingConfigFrom(azurite.serverEnv), os.tmpdir()).store),
  },
];

describe.each(stores)('recording store: $name', ({ open }) => {
  it('stores a recording byte for byte, hashes it back and reads any range of it', async () => {
    const store = await open();
    const key = crypto.randomUUID();
    await store.put(key, recording, bytes.length);
    expect(await store.digest(key)).toEqual({
      sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.length,
    });
    expect(await store.read(key, 0, 100)).toEqual(bytes.subarray(0, 100));
    expect(await store.read(key, 25_000, 5000)).toEqual(bytes.subarray(25_000, 30_000));
    expect(await store.read(key, bytes.length - 10, 10)).toEqual(bytes.subarray(bytes.length - 10));
  });

  it('fails, rather than answering, for a key it does not hold', async () => {
    const store = await open();
    await expect(store.digest(crypto.randomUUID())).rejects.toThrow();
  });
});

describe('recording store settings', () => {
  it('defaults to a local folder in the data folder, with guacamole-common-js-like retry defaults', () => {
    const settings = recordingSettingsFrom(recordingConfigFrom({}), '/srv/openpsm');
    expect(settings.store).toEqual({ mode: 'local', dir: '/srv/openpsm/recordings-store' });
    expect(settings.quarantineDir).toBe('/srv/openpsm/recordings-quarantine');
  });

  it.each([
    [{ OPENPSM_RECORDINGS_STORE: 'ftp' }, /OPENPSM_RECORDINGS_STORE must be local, s3 or azure/],
    [{ OPENPSM_RECORDINGS_STORE: 's3' }, /OPENPSM_S3_BUCKET must be set/],
    [
      { OPENPSM_RECORDINGS_STORE: 'azure', OPENPSM_AZURE_CONTAINER: 'x' },
      /OPENPSM_AZURE_CONNECTION_STRING_FILE must be set/,
    ],
    [
      {
        OPENPSM_RECORDINGS_STORE: 'azure',
        OPENPSM_AZURE_CONTAINER: 'x',
        OPENPSM_AZURE_CONNECTION_STRING_FILE: '/nonexistent/file',
      },
      /cannot be read/,
    ],
    [{ OPENPSM_UPLOAD_RETRY_MS: 'soon' }, /OPENPSM_UPLOAD_RETRY_MS must be a whole number of milliseconds/],
  ])('refuses %o with a sentence naming the variable', (env, error) => {
    expect(() => recordingSettingsFrom(recordingConfigFrom(env), '/srv')).toThrow(error);
  });
});
