import fs from 'node:fs';
import path from 'node:path';
import { wholeNumbersFromEnv } from '../config';

/** The recording pipeline's timers and retry count, each with its one production default. */
export const recordingTimerDefaults = {
  /** A recording is finished once its session ended and the file has not grown for this long. */
  settleMs: 2000,
  /** How long the uploader waits before trying a failed upload again. */
  uploadRetryMs: 5000,
  /** How many times a failed upload is tried again before the recording goes to quarantine. */
  uploadRetries: 5,
  /** How often recordings in quarantine are tried again (they also are at start and on Retry). */
  quarantineRetryMs: 10 * 60 * 1000,
} as const;
export type RecordingTimers = { -readonly [K in keyof typeof recordingTimerDefaults]: number };

const timerEnv: Record<keyof RecordingTimers, string> = {
  settleMs: 'OPENPSM_RECORDING_SETTLE_MS',
  uploadRetryMs: 'OPENPSM_UPLOAD_RETRY_MS',
  uploadRetries: 'OPENPSM_UPLOAD_RETRIES',
  quarantineRetryMs: 'OPENPSM_QUARANTINE_RETRY_MS',
};

/** Where finished recordings are stored (OPENPSM_RECORDINGS_STORE). */
export type StoreConfig =
  | { mode: 'local'; /** A folder, or a UNC path to a share (\\server\share\recordings). */ dir: string }
  | { mode: 's3'; bucket: string; region: string; /** For S3-compatible stores; unset for AWS. */ endpoint: string | undefined; accessKeyId: string | undefined; secretAccessKey: string | undefined }
  | { mode: 'azure'; connectionString: string; container: string };

export interface RecordingSettings {
  store: StoreConfig;
  /** Where recordings that could not be stored wait (never deleted). */
  quarantineDir: string;
  timers: RecordingTimers;
}

function secretFile(env: Record<string, string | undefined>, name: string): string | undefined {
  const file = env[name];
  if (!file) return undefined;
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new Error(`${name} names a file that cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): ${file}`, { cause: error });
  }
}

function required(env: Record<string, string | undefined>, name: string, mode: string, value = env[name]): string {
  if (!value) throw new Error(`${name} must be set when OPENPSM_RECORDINGS_STORE is ${mode}.`);
  return value;
}

/** Reads the recording store and timers from OPENPSM_* variables; throws a sentence naming the bad variable. */
export function recordingSettingsFromEnv(env: Record<string, string | undefined>, dataDir: string): RecordingSettings {
  // Retries may be 0 (quarantine at the first failure); the timers are at least 1 ms.
  const timers: RecordingTimers = wholeNumbersFromEnv(env, timerEnv, recordingTimerDefaults, (key) => (key === 'uploadRetries' ? { min: 0, unit: '' } : { min: 1, unit: ' of milliseconds' }));
  const mode = env['OPENPSM_RECORDINGS_STORE'] ?? 'local';
  let store: StoreConfig;
  if (mode === 'local') store = { mode, dir: env['OPENPSM_RECORDINGS_STORE_DIR'] ?? path.join(dataDir, 'recordings-store') };
  else if (mode === 's3')
    store = {
      mode,
      bucket: required(env, 'OPENPSM_S3_BUCKET', mode),
      region: env['OPENPSM_S3_REGION'] ?? 'us-east-1',
      endpoint: env['OPENPSM_S3_ENDPOINT'],
      accessKeyId: env['OPENPSM_S3_ACCESS_KEY_ID'],
      secretAccessKey: secretFile(env, 'OPENPSM_S3_SECRET_ACCESS_KEY_FILE'),
    };
  else if (mode === 'azure')
    store = { mode, connectionString: required(env, 'OPENPSM_AZURE_CONNECTION_STRING_FILE', mode, secretFile(env, 'OPENPSM_AZURE_CONNECTION_STRING_FILE')), container: required(env, 'OPENPSM_AZURE_CONTAINER', mode) };
  else throw new Error(`OPENPSM_RECORDINGS_STORE must be local, s3 or azure, not "${mode}".`);
  return { store, quarantineDir: env['OPENPSM_RECORDINGS_QUARANTINE_DIR'] ?? path.join(dataDir, 'recordings-quarantine'), timers };
}
