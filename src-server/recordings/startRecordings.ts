import path from 'node:path';
import type { Logger } from '@shared/node/logger';
import type { Store } from '../db/openStore';
import { RecordingRepository } from '../db/recordings';
import { recordingTimerDefaults, type RecordingSettings } from './recordingSettings';
import { openRecordingStore } from './stores';
import { RecordingUploader } from './uploader';

/** Where recordings are written and kept (ServerOptions' fields). */
export interface RecordingOptions {
  dataDir: string;
  /** guacd's recording-path (OPENPSM_RECORDINGS_DIR); `<dataDir>/recordings` unless set. */
  recordingsDir?: string | undefined;
  /** Where finished recordings are stored, quarantine, and the uploader's timers (a local folder in dataDir unless set). */
  recordings?: Partial<Omit<RecordingSettings, 'timers'>> & { timers?: Partial<RecordingSettings['timers']> };
}

/** The started recordings: their repository, store and uploader, and the folder guacd writes to. */
export type Recordings = Awaited<ReturnType<typeof startRecordings>>;

/** The recordings' repository, store and uploader (started): where guacd writes, where finished ones go. */
export async function startRecordings(
  options: RecordingOptions,
  store: Store,
  isLive: (sessionId: string) => boolean,
  log: Logger,
) {
  const recordingsDir = options.recordingsDir ?? path.join(options.dataDir, 'recordings');
  const recordingRepository = new RecordingRepository(store.db);
  const recordingStore = await openRecordingStore(
    options.recordings?.store ?? { mode: 'local', dir: path.join(options.dataDir, 'recordings-store') },
  );
  const uploader = new RecordingUploader({
    recordings: recordingRepository,
    store: recordingStore,
    recordingsDir,
    quarantineDir: options.recordings?.quarantineDir ?? path.join(options.dataDir, 'recordings-quarantine'),
    timers: { ...recordingTimerDefaults, ...options.recordings?.timers },
    isLive,
    log,
  });
  uploader.start();
  return { recordingsDir, recordingRepository, recordingStore, uploader };
}
