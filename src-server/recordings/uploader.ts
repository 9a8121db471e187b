import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '@shared/node/logger';
import type { RecordingRepository, RecordingRow } from '../db/recordings';
import { wakeableSleep } from '../wakeableSleep';
import { companionNames, keepPrivate, presentCompanions, storeCompanions, typescriptFiles } from './companions';
import { indexRecording } from './recordingIndexer';
import type { RecordingTimers } from './recordingSettings';
import { digestStream, type RecordingStore } from './recordingStore';

export interface UploaderDeps {
  recordings: RecordingRepository;
  store: RecordingStore;
  /** guacd's recording-path. */
  recordingsDir: string;
  /** Where recordings that could not be stored wait. */
  quarantineDir: string;
  timers: RecordingTimers;
  /** Whether a session still runs (its recording is not finished). */
  isLive(sessionId: string): boolean;
  log: Pick<Logger, 'info' | 'warn'>;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 500);

/** The files guacd wrote for a session: `<id>`, and `<id>.1`, `<id>.2`… after a name clash. */
export function filesOf(names: string[], sessionId: string): string[] {
  return names
    .filter((n) => n === sessionId || (n.startsWith(`${sessionId}.`) && /^\d+$/.test(n.slice(sessionId.length + 1))))
    .sort((a, b) => a.length - b.length || a.localeCompare(b));
}

/**
 * Moves each finished recording to the store. A recording is finished once its session has
 * ended and its file has not grown for `settleMs`. One pass indexes it (hash, marks, typed
 * lines); then it is uploaded, read back and compared by SHA-256, and only then deleted from
 * guacd's folder. A failed upload is tried again every `uploadRetryMs`, `uploadRetries` times;
 * then the file moves to quarantine ("not uploaded", with the error), from where it is tried
 * again at start, every `quarantineRetryMs`, and on Retry. Nothing is deleted before it is stored.
 */
export class RecordingUploader {
  private closed = false;
  private readonly work = new Set<Promise<unknown>>();
  private readonly sleepers = new Set<() => void>();
  private readonly busy = new Set<string>();
  private sweepTimer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly deps: UploaderDeps) {}

  /** A recorded session started: its recording is listed at once (status "recording"). */
  async started(input: { sessionId: string; personId: string; computerId: string }): Promise<void> {
    await this.deps.recordings.add({ ...input, fileName: input.sessionId });
  }

  /** A recorded session ended: its files are finished, indexed and stored in the background. */
  ended(sessionId: string): void {
    this.track(this.finishSession(sessionId));
  }

  /** Picks up what a previous run left (unfinished, unstored, quarantined), then retries quarantine now and then. */
  start(): void {
    this.track(this.sweep(true));
    this.sweepTimer = setInterval(() => this.track(this.sweep(false)), this.deps.timers.quarantineRetryMs);
    this.sweepTimer.unref();
  }

  /** Tries a not-uploaded recording again, once; resolves when that attempt is over. */
  async retry(id: string): Promise<void> {
    const row = await this.deps.recordings.byId(id);
    if (!row || row.status !== 'not_uploaded') return;
    await this.tracked(this.fromQuarantine(row));
  }

  /** Where the bytes of a recording are before it is stored: guacd's folder or quarantine. */
  localFile(row: RecordingRow): string {
    return path.join(row.status === 'not_uploaded' ? this.deps.quarantineDir : this.deps.recordingsDir, row.fileName);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    for (const wake of this.sleepers) wake();
    await Promise.all([...this.work]);
  }

  private track(work: Promise<unknown>): void {
    void this.tracked(work);
  }

  private tracked(work: Promise<unknown>): Promise<void> {
    const done = work.then(
      () => undefined,
      (error: unknown) => this.deps.log.warn('recording.work_failed', { error: message(error) }),
    );
    this.work.add(done);
    void done.finally(() => this.work.delete(done));
    return done;
  }

  private sleep(ms: number): Promise<void> {
    return wakeableSleep(ms, this.sleepers);
  }

  private async sessionFiles(sessionId: string): Promise<string[]> {
    return filesOf(await fs.promises.readdir(this.deps.recordingsDir).catch(() => []), sessionId);
  }

  private async finishSession(sessionId: string): Promise<void> {
    await this.deps.recordings.sessionEnded(sessionId);
    const first = await this.deps.recordings.byFile(sessionId);
    // guacd may still be creating the file: give it the settle time to appear.
    let files = await this.sessionFiles(sessionId);
    if (files.length === 0) {
      await this.sleep(this.deps.timers.settleMs);
      files = await this.sessionFiles(sessionId);
    }
    if (files.length === 0) {
      if (first?.status === 'recording')
        await this.deps.recordings.setStatus(first.id, 'not_uploaded', {
          error: `guacd wrote no recording into ${this.deps.recordingsDir}. Check that OPENPSM_RECORDINGS_DIR is the folder mounted into guacd.`,
        });
      return;
    }
    for (const fileName of files) {
      if (this.closed) return;
      const known = await this.deps.recordings.byFile(fileName);
      const row = known ?? (first ? await this.addPart(first, fileName) : null);
      if (row && (row.status === 'recording' || row.status === 'uploading')) await this.finishFile(row);
    }
  }

  private async addPart(first: RecordingRow, fileName: string): Promise<RecordingRow | null> {
    const session = await this.deps.recordings.sessionOf(first.id);
    if (!session) return null;
    await this.deps.recordings.add({
      sessionId: first.sessionId,
      fileName,
      personId: session.personId,
      computerId: session.computerId,
      startedAt: session.startedAt,
    });
    return this.deps.recordings.byFile(fileName);
  }

  /** Runs one piece of work per recording at a time; a second call while it runs does nothing. */
  private async alone(id: string, work: () => Promise<void>): Promise<void> {
    if (this.busy.has(id)) return;
    this.busy.add(id);
    try {
      await work();
    } finally {
      this.busy.delete(id);
    }
  }

  private fromQuarantine(row: RecordingRow): Promise<void> {
    const file = path.join(this.deps.quarantineDir, row.fileName);
    return this.alone(row.id, async () => {
      if (row.sha256 && fs.existsSync(file)) await this.upload(row, file, false);
    });
  }

  /** Waits until the file (and its typescript) stops growing, indexes it, then uploads it. */
  private finishFile(row: RecordingRow): Promise<void> {
    return this.alone(row.id, async () => {
      const file = path.join(this.deps.recordingsDir, row.fileName);
      const companions = companionNames(row.fileName, row.sessionId);
      const beside = presentCompanions(this.deps.recordingsDir, companions).map((n) =>
        path.join(this.deps.recordingsDir, n),
      );
      for (const f of [file, ...beside]) await this.settled(f);
      if (this.closed) return;
      await keepPrivate([file, ...beside], this.deps.log);
      const protocol = (await this.deps.recordings.protocolOf(row.id)) ?? undefined;
      const found = await indexRecording(file, typescriptFiles(file, companions), protocol);
      await this.deps.recordings.indexed(row.id, found);
      if (found.typedWithheld)
        this.deps.log.warn('recording.typed_text_withheld', { id: row.id, reason: 'guacd wrote no typescript' });
      this.deps.log.info('recording.finished', { id: row.id, bytes: found.bytes, durationMs: found.durationMs });
      await this.upload({ ...row, status: 'uploading', sha256: found.sha256, bytes: found.bytes }, file, true);
    });
  }

  private async settled(file: string): Promise<void> {
    const poll = Math.max(10, Math.min(250, this.deps.timers.settleMs / 4));
    let size = -1;
    let since = Date.now();
    while (!this.closed) {
      const now = (await fs.promises.stat(file)).size;
      if (now !== size) {
        size = now;
        since = Date.now();
      } else if (Date.now() - since >= this.deps.timers.settleMs) return;
      await this.sleep(poll);
    }
  }

  /** Stores the file, checks the stored copy by hash, then deletes the local one; with `retries`, tries again and quarantines. */
  private async upload(row: RecordingRow, file: string, retries: boolean): Promise<void> {
    let attempts = row.attempts;
    let failure = '';
    for (let tried = 0; !this.closed; tried += 1) {
      try {
        await this.deps.store.put(row.fileName, file, row.bytes ?? 0);
        const stored = await this.deps.store.digest(row.fileName);
        if (stored.sha256 !== row.sha256 || stored.bytes !== row.bytes)
          throw new Error(
            `The stored copy does not match what guacd wrote (SHA-256 ${stored.sha256.slice(0, 12)}…, ${stored.bytes} bytes; expected ${row.sha256?.slice(0, 12) ?? '?'}…, ${row.bytes ?? '?'} bytes).`,
          );
        const companions = companionNames(row.fileName, row.sessionId);
        await storeCompanions(this.deps.store, file, companions);
        await this.deps.recordings.setStatus(row.id, 'stored', {
          store: this.deps.store.mode,
          attempts: attempts + 1,
          error: null,
        });
        for (const name of presentCompanions(path.dirname(file), companions))
          await fs.promises.unlink(path.join(path.dirname(file), name));
        await fs.promises.unlink(file);
        this.deps.log.info('recording.stored', { id: row.id, store: this.deps.store.mode, attempts: attempts + 1 });
        return;
      } catch (error) {
        attempts += 1;
        failure = message(error);
        this.deps.log.warn('recording.upload_failed', {
          id: row.id,
          store: this.deps.store.mode,
          attempts,
          error: failure,
        });
        if (!retries || tried >= this.deps.timers.uploadRetries) break;
        await this.deps.recordings.setStatus(row.id, 'uploading', { attempts, error: failure });
        await this.sleep(this.deps.timers.uploadRetryMs);
      }
    }
    if (this.closed && !failure) return;
    if (row.status !== 'not_uploaded')
      for (const name of [
        ...presentCompanions(path.dirname(file), companionNames(row.fileName, row.sessionId)),
        row.fileName,
      ])
        await this.quarantine(path.join(path.dirname(file), name), name);
    await this.deps.recordings.setStatus(row.id, 'not_uploaded', {
      attempts,
      error: failure || 'The server stopped before the recording was stored.',
    });
  }

  /** Moves a file into quarantine; across file systems it is copied, checked, and only then removed. */
  private async quarantine(file: string, fileName: string): Promise<void> {
    await fs.promises.mkdir(this.deps.quarantineDir, { recursive: true, mode: 0o700 });
    // mkdir's mode does not change a folder that was already there.
    await fs.promises
      .chmod(this.deps.quarantineDir, 0o700)
      .catch((error: unknown) =>
        this.deps.log.warn('recording.chmod_failed', { file: this.deps.quarantineDir, error: message(error) }),
      );
    const target = path.join(this.deps.quarantineDir, fileName);
    try {
      await fs.promises.rename(file, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      await fs.promises.copyFile(file, target);
      const [a, b] = await Promise.all([
        digestStream(fs.createReadStream(file)),
        digestStream(fs.createReadStream(target)),
      ]);
      if (a.sha256 !== b.sha256)
        throw new Error('The quarantine copy does not match the recording; the recording stays where guacd wrote it.', {
          cause: error,
        });
      await fs.promises.unlink(file);
    }
  }

  private async sweep(startUp: boolean): Promise<void> {
    if (startUp) {
      // Sessions that ended while the server was down (or before it stored their recordings).
      const unfinished = [
        ...(await this.deps.recordings.withStatus('recording')),
        ...(await this.deps.recordings.withStatus('uploading')),
      ];
      for (const sessionId of new Set(unfinished.map((r) => r.sessionId))) {
        if (this.closed) return;
        if (!this.deps.isLive(sessionId))
          await this.finishSession(sessionId).catch((error: unknown) =>
            this.deps.log.warn('recording.sweep_failed', { sessionId, error: message(error) }),
          );
      }
    }
    for (const row of await this.deps.recordings.withStatus('not_uploaded')) {
      if (this.closed) return;
      await this.fromQuarantine(row);
    }
  }
}
