import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../index';
import { serverKeyFrom } from '../secrets/serverKey';
import { RecordingRepository } from '../db/recordings';
import { recordingTimerDefaults } from './recordingSettings';
import type { RecordingStore } from './recordingStore';
import { LocalStore } from './stores';
import { filesOf, RecordingUploader } from './uploader';

const fixture = fs.readFileSync(path.join(import.meta.dirname, '../../e2e/fixtures/guacd/ssh-session.recording'));
const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
const timers = { settleMs: 100, uploadRetryMs: 30, uploadRetries: 2, quarantineRetryMs: 60_000 };
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A store that fails while `down`, and counts what it is asked. */
class FlakyStore implements RecordingStore {
  readonly mode = 'local' as const;
  down = false;
  puts = 0;
  constructor(private readonly inner: LocalStore) {}
  put(key: string, file: string) {
    this.puts += 1;
    return this.down ? Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:9')) : this.inner.put(key, file);
  }
  digest(key: string) {
    return this.inner.digest(key);
  }
  read(key: string, offset: number, length: number) {
    return this.inner.read(key, offset, length);
  }
}

async function lab(overrides: Partial<typeof timers> = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-upload-'));
  const store = await openStore({ dataDir }, serverKeyFrom(crypto.randomBytes(32)));
  const personId = (
    await store.persons.create({ username: 'erin', displayName: 'Erin Engineer', passwordHash: 'x', roles: [] })
  ).id;
  const computerId = await store.catalog.createComputer({
    name: 'lab-ssh',
    protocol: 'ssh',
    host: '127.0.0.1',
    port: 22,
    jitEnabled: false,
    recording: true,
    liveMonitoring: true,
  });
  const recordings = new RecordingRepository(store.db);
  const dirs = {
    guacd: path.join(dataDir, 'recordings'),
    store: path.join(dataDir, 'store'),
    quarantine: path.join(dataDir, 'quarantine'),
  };
  fs.mkdirSync(dirs.guacd);
  const flaky = new FlakyStore(new LocalStore(dirs.store));
  const live = new Set<string>();
  const warnings: Array<Record<string, unknown>> = [];
  const uploader = new RecordingUploader({
    recordings,
    store: flaky,
    recordingsDir: dirs.guacd,
    quarantineDir: dirs.quarantine,
    timers: { ...timers, ...overrides },
    isLive: (id) => live.has(id),
    log: { info: () => undefined, warn: (_e, f) => void warnings.push(f ?? {}) },
  });
  closers.push(
    () => store.close(),
    () => uploader.close(),
  );
  const session = async () => {
    const sessionId = crypto.randomUUID();
    await uploader.started({ sessionId, personId, computerId });
    return sessionId;
  };
  /** The newest recording as the Recordings view lists it. */
  const listed = async () => (await recordings.search({}))[0];
  return { recordings, uploader, flaky, dirs, live, warnings, session, listed };
}

describe('the recording uploader', () => {
  it('lists a recording as its session starts, and stores it once the session ended and the file stopped growing', async () => {
    const { uploader, dirs, session, listed } = await lab();
    const id = await session();
    expect((await listed())?.status).toBe('recording');
    // guacd still writes after the session's end: half now, the rest 60 ms later.
    fs.writeFileSync(path.join(dirs.guacd, id), fixture.subarray(0, 30_000));
    uploader.ended(id);
    await new Promise((r) => setTimeout(r, 60));
    fs.appendFileSync(path.join(dirs.guacd, id), fixture.subarray(30_000));
    await expect.poll(async () => (await listed())?.status, { timeout: 5000 }).toBe('stored');
    const row = await listed();
    expect(row).toMatchObject({
      store: 'local',
      bytes: fixture.length,
      sha256: sha256(fixture),
      attempts: 1,
      error: null,
    });
    expect(sha256(fs.readFileSync(path.join(dirs.store, id)))).toBe(sha256(fixture));
    expect(fs.existsSync(path.join(dirs.guacd, id))).toBe(false);
  });

  it('retries a failed upload, then quarantines it as not uploaded with the error, and stores it on Retry once the store is back', async () => {
    const { uploader, flaky, dirs, session, listed } = await lab();
    flaky.down = true;
    const id = await session();
    fs.writeFileSync(path.join(dirs.guacd, id), fixture);
    uploader.ended(id);
    await expect.poll(async () => (await listed())?.status, { timeout: 5000 }).toBe('not_uploaded');
    expect(flaky.puts).toBe(1 + timers.uploadRetries);
    const row = await listed();
    expect(row?.error).toMatch(/ECONNREFUSED/);
    expect(row?.attempts).toBe(3);
    // Never lost: the bytes wait in quarantine.
    expect(sha256(fs.readFileSync(path.join(dirs.quarantine, id)))).toBe(sha256(fixture));
    flaky.down = false;
    await uploader.retry(row?.id ?? '');
    expect(await listed()).toMatchObject({ status: 'stored', error: null, attempts: 4 });
    expect(sha256(fs.readFileSync(path.join(dirs.store, id)))).toBe(sha256(fixture));
    expect(fs.existsSync(path.join(dirs.quarantine, id))).toBe(false);
  });

  it("stores the session's typescript with its recording, byte for byte, readable by the server's user only, through quarantine too", async () => {
    const { uploader, flaky, dirs, session, listed } = await lab({ uploadRetries: 0 });
    flaky.down = true;
    // Folders already there, readable by others: mkdir's mode would leave them so.
    for (const dir of [dirs.store, dirs.quarantine]) fs.mkdirSync(dir, { mode: 0o755 });
    for (const dir of [dirs.store, dirs.quarantine]) fs.chmodSync(dir, 0o755);
    const id = await session();
    // guacd creates its files 0640; the output holds escapes and bytes that are not UTF-8.
    const output = Buffer.concat([Buffer.from('[BEGIN TYPESCRIPT]\n\x1b[01;32m$\x1b[0m '), crypto.randomBytes(64)]);
    const timing = Buffer.from(`0.120000 ${output.length - 19}\n`);
    const typescript = { [`${id}.typescript`]: output, [`${id}.typescript.timing`]: timing };
    fs.writeFileSync(path.join(dirs.guacd, id), fixture, { mode: 0o640 });
    for (const [name, bytes] of Object.entries(typescript))
      fs.writeFileSync(path.join(dirs.guacd, name), bytes, { mode: 0o640 });
    uploader.ended(id);
    await expect.poll(async () => (await listed())?.status, { timeout: 5000 }).toBe('not_uploaded');
    for (const name of [id, ...Object.keys(typescript)]) {
      expect(fs.statSync(path.join(dirs.quarantine, name)).mode & 0o077).toBe(0);
      expect(fs.existsSync(path.join(dirs.guacd, name))).toBe(false);
    }
    expect(fs.statSync(dirs.quarantine).mode & 0o077).toBe(0);
    flaky.down = false;
    await uploader.retry((await listed())?.id ?? '');
    expect((await listed())?.status).toBe('stored');
    for (const [name, bytes] of Object.entries(typescript)) {
      expect(sha256(fs.readFileSync(path.join(dirs.store, name)))).toBe(sha256(bytes));
      expect(fs.statSync(path.join(dirs.store, name)).mode & 0o077).toBe(0);
      expect(fs.existsSync(path.join(dirs.quarantine, name))).toBe(false);
    }
    expect(fs.statSync(path.join(dirs.store, id)).mode & 0o077).toBe(0);
    expect(fs.statSync(dirs.store).mode & 0o077).toBe(0);
  });

  it('keeps the local file when the stored copy does not match by hash', async () => {
    const { uploader, flaky, dirs, session, listed } = await lab({ uploadRetries: 0 });
    flaky.digest = () => Promise.resolve({ sha256: 'f'.repeat(64), bytes: fixture.length });
    const id = await session();
    fs.writeFileSync(path.join(dirs.guacd, id), fixture);
    uploader.ended(id);
    await expect.poll(async () => (await listed())?.status, { timeout: 5000 }).toBe('not_uploaded');
    expect((await listed())?.error).toMatch(/does not match what guacd wrote/);
    expect(sha256(fs.readFileSync(path.join(dirs.quarantine, id)))).toBe(sha256(fixture));
  });

  it("stores guacd's `.1` file of a name clash as its own recording, with its `.typescript.1`; one without a typescript keeps no typed text", async () => {
    const { recordings, uploader, dirs, session, warnings } = await lab();
    const id = await session();
    fs.writeFileSync(path.join(dirs.guacd, id), fixture.subarray(0, 25_052));
    fs.writeFileSync(path.join(dirs.guacd, `${id}.1`), fixture);
    // guacd 1.6.0 suffixes a clashing typescript the same way: `<name>.1`, timing `<name>.1.timing`.
    fs.writeFileSync(path.join(dirs.guacd, `${id}.typescript.1`), '[BEGIN TYPESCRIPT]\n\n[END TYPESCRIPT]\n');
    fs.writeFileSync(path.join(dirs.guacd, `${id}.typescript.1.timing`), '');
    uploader.ended(id);
    await expect
      .poll(async () => (await recordings.search({})).map((r) => `${r.fileName}:${r.status}`).sort(), { timeout: 5000 })
      .toEqual([`${id}.1:stored`, `${id}:stored`].sort());
    for (const name of [`${id}.1`, `${id}.typescript.1`, `${id}.typescript.1.timing`])
      expect(fs.existsSync(path.join(dirs.store, name))).toBe(true);
    const index = async (file: string) => recordings.playerIndex((await recordings.byFile(file))?.id ?? '');
    expect(await index(`${id}.1`)).toMatchObject({ keys: [{ text: 'echo hello-fixture' }, { text: 'ls /' }] });
    expect(await index(`${id}.1`)).toMatchObject({ typedWithheld: false });
    // The first file's typescript is missing: its keystrokes (a password among them, maybe) are not indexed.
    expect(await index(id)).toMatchObject({ keys: [], typedWithheld: true });
    expect(warnings).toContainEqual(expect.objectContaining({ reason: 'guacd wrote no typescript' }));
  });

  it('says so when guacd wrote no recording for an ended session', async () => {
    const { uploader, session, listed } = await lab();
    uploader.ended(await session());
    await expect
      .poll(async () => (await listed())?.error ?? '', { timeout: 5000 })
      .toMatch(/guacd wrote no recording.*OPENPSM_RECORDINGS_DIR/);
  });

  it('finishes at start what a previous run left, but not a session still running', async () => {
    const { uploader, dirs, session, live, listed, recordings } = await lab();
    const done = await session();
    const running = await session();
    live.add(running);
    fs.writeFileSync(path.join(dirs.guacd, done), fixture);
    fs.writeFileSync(path.join(dirs.guacd, running), fixture.subarray(0, 100));
    uploader.start();
    await expect.poll(async () => (await recordings.byFile(done))?.status, { timeout: 5000 }).toBe('stored');
    expect((await recordings.byFile(running))?.status).toBe('recording');
    expect(await listed()).toBeTruthy();
  });

  it('pins the production defaults: settle 2 s, retry every 5000 ms up to 5 times, quarantine every 10 min', () => {
    expect(recordingTimerDefaults).toEqual({
      settleMs: 2000,
      uploadRetryMs: 5000,
      uploadRetries: 5,
      quarantineRetryMs: 600_000,
    });
  });

  it.each([
    [
      ['a', 'a.1', 'a.2', 'a.x', 'ab', 'b'],
      ['a', 'a.1', 'a.2'],
    ],
    [
      ['a.10', 'a.9', 'a'],
      ['a', 'a.9', 'a.10'],
    ],
  ])('finds the files of a session among %o', (names, files) => expect(filesOf(names, 'a')).toEqual(files));
});
