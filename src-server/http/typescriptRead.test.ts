import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3, type ObjectStore } from '../../e2e/support/objectStores';
import { recordingConfigFrom, recordingSettingsFrom } from '@shared/node/config/recordings';
import type { RecordingRepository, RecordingRow } from '../db/recordings';
import type { RecordingStore } from '../recordings/recordingStore';
import { LocalStore, openRecordingStore } from '../recordings/stores';
import { recordingRoutes } from './recordingRoutes';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-tsread-'));
let s3: ObjectStore;
beforeAll(async () => {
  s3 = await startS3();
}, 30_000);
afterAll(async () => {
  await s3?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

const stores: Array<{ name: string; open(): Promise<RecordingStore> }> = [
  { name: 'a local folder', open: () => Promise.resolve(new LocalStore(fs.mkdtempSync(path.join(work, 'store-')))) },
  {
    name: 's3rver',
    open: () => openRecordingStore(recordingSettingsFrom(recordingConfigFrom(s3.serverEnv), work).store),
  },
];

/** The typescript route over `store`, for one stored recording whose typescript and (empty) timing are in it. */
async function storedTypescript(store: RecordingStore, output: Buffer) {
  const sessionId = crypto.randomUUID();
  for (const [name, bytes] of [
    [`${sessionId}.typescript`, output],
    [`${sessionId}.typescript.timing`, Buffer.alloc(0)],
  ] as const) {
    const file = path.join(work, name);
    fs.writeFileSync(file, bytes);
    await store.put(name, file, bytes.length);
  }
  const row: RecordingRow = {
    id: crypto.randomUUID(),
    sessionId,
    fileName: sessionId,
    status: 'stored',
    store: store.mode,
    bytes: 100,
    sha256: null,
    attempts: 1,
    typescriptBytes: output.length,
    timingBytes: 0,
  };
  const audits: string[] = [];
  const routes = recordingRoutes({
    recordings: { byId: () => Promise.resolve(row) } as unknown as RecordingRepository,
    store,
    uploader: { retry: () => Promise.resolve(), localFile: () => path.join(work, row.fileName) },
    state: { audit: (actor, action, target) => Promise.resolve(void audits.push(`${actor} ${action} ${target}`)) },
    log: { warn: () => undefined },
  });
  const typescript = routes.find((r) => r.path.endsWith('/typescript'));
  const read = async (file: 'output' | 'timing', offset: number, length: number) =>
    (await typescript?.handler({
      body: { file, offset, length },
      params: { id: row.id },
      query: {},
      caller: { personId: 'p', username: 'carol', roles: ['auditor'] },
      address: '127.0.0.1',
    })) as { next: number; base64: string; end: boolean };
  return { sessionId, audits, read };
}

describe.each(stores)('reading a stored typescript: $name', ({ open }) => {
  it('reads to the end in pieces, answers an empty last piece at the end, and audits every read', async () => {
    const output = crypto.randomBytes(5000);
    const { sessionId, audits, read } = await storedTypescript(await open(), output);
    const pieces: Buffer[] = [];
    for (let at = 0, end = false; !end;) {
      const piece = await read('output', at, 1000);
      pieces.push(Buffer.from(piece.base64, 'base64'));
      [at, end] = [piece.next, piece.end];
    }
    expect(Buffer.concat(pieces).equals(output)).toBe(true);
    expect(await read('output', 5000, 1000)).toMatchObject({ next: 5000, base64: '', end: true });
    expect(await read('timing', 0, 1000)).toMatchObject({ next: 0, base64: '', end: true });
    expect(audits).toEqual([
      ...[0, 1000, 2000, 3000, 4000, 5000].map((at) => `carol recording.typescript ${sessionId}.typescript @${at}`),
      `carol recording.typescript ${sessionId}.typescript.timing @0`,
    ]);
  });
});
