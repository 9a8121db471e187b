import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { configError, oneOf, optionalText, readEnv, wholeNumber } from './envValues';

const ms = wholeNumber(1, ' of milliseconds');

/** Where finished recordings are stored, and the recording pipeline's timers (README, "Recordings"). */
export const recordingsEnv = z
  .object({
    OPENPSM_RECORDINGS_STORE: oneOf(['local', 's3', 'azure'])
      .default('local')
      .describe('where finished recordings are stored: `local`, `s3` or `azure` (see "Recordings")'),
    OPENPSM_RECORDINGS_STORE_DIR: optionalText('`OPENPSM_DATA_DIR/recordings-store`').describe(
      'the folder or UNC path of the `local` store',
    ),
    OPENPSM_S3_BUCKET: optionalText('—').describe("the `s3` store's bucket (required with `s3`)"),
    OPENPSM_S3_REGION: z.string().default('us-east-1').describe("the `s3` store's region"),
    OPENPSM_S3_ENDPOINT: optionalText('(AWS)').describe('the endpoint of an S3-compatible store (path-style)'),
    OPENPSM_S3_ACCESS_KEY_ID: optionalText('(AWS chain)').describe("the `s3` store's access key id"),
    OPENPSM_S3_SECRET_ACCESS_KEY_FILE: optionalText('(AWS chain)').describe(
      "a file holding the `s3` store's secret access key",
    ),
    OPENPSM_AZURE_CONNECTION_STRING_FILE: optionalText('—').describe(
      "the `azure` store: a file with the storage account's connection string (required with `azure`)",
    ),
    OPENPSM_AZURE_CONTAINER: optionalText('—').describe(
      "the `azure` store's container, made when missing (required with `azure`)",
    ),
    OPENPSM_RECORDINGS_QUARANTINE_DIR: optionalText('`OPENPSM_DATA_DIR/recordings-quarantine`').describe(
      'where recordings that could not be stored wait (never deleted)',
    ),
    OPENPSM_RECORDING_SETTLE_MS: ms
      .default(2000)
      .describe('a recording is finished once its session ended and its file has not grown for this long'),
    OPENPSM_UPLOAD_RETRY_MS: ms
      .default(5000)
      .describe('how long the uploader waits before trying a failed upload again'),
    OPENPSM_UPLOAD_RETRIES: wholeNumber(0)
      .default(5)
      .describe(
        'how many times a failed upload is tried again before the recording goes to quarantine (`0`: at the first failure)',
      ),
    OPENPSM_QUARANTINE_RETRY_MS: ms
      .default(10 * 60 * 1000)
      .describe('how often quarantined recordings are tried again (also at start and on Retry)'),
  })
  .superRefine((v, ctx) => {
    const required = {
      local: [],
      s3: ['OPENPSM_S3_BUCKET'],
      azure: ['OPENPSM_AZURE_CONNECTION_STRING_FILE', 'OPENPSM_AZURE_CONTAINER'],
    } as const;
    for (const name of required[v.OPENPSM_RECORDINGS_STORE]) {
      if (v[name] === undefined)
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `set when OPENPSM_RECORDINGS_STORE is ${v.OPENPSM_RECORDINGS_STORE}`,
        });
    }
  });

/** The recording store as the variables name it: folders may be unset (then they sit in the data folder), secrets are file names. */
export function recordingConfigFrom(env: Record<string, string | undefined>) {
  const v = readEnv(recordingsEnv, env);
  return {
    store: v.OPENPSM_RECORDINGS_STORE,
    localDir: v.OPENPSM_RECORDINGS_STORE_DIR,
    s3: {
      bucket: v.OPENPSM_S3_BUCKET ?? '',
      region: v.OPENPSM_S3_REGION,
      endpoint: v.OPENPSM_S3_ENDPOINT,
      accessKeyId: v.OPENPSM_S3_ACCESS_KEY_ID,
      secretAccessKeyFile: v.OPENPSM_S3_SECRET_ACCESS_KEY_FILE,
    },
    azure: {
      connectionStringFile: v.OPENPSM_AZURE_CONNECTION_STRING_FILE ?? '',
      container: v.OPENPSM_AZURE_CONTAINER ?? '',
    },
    quarantineDir: v.OPENPSM_RECORDINGS_QUARANTINE_DIR,
    timers: {
      settleMs: v.OPENPSM_RECORDING_SETTLE_MS,
      uploadRetryMs: v.OPENPSM_UPLOAD_RETRY_MS,
      uploadRetries: v.OPENPSM_UPLOAD_RETRIES,
      quarantineRetryMs: v.OPENPSM_QUARANTINE_RETRY_MS,
    },
  };
}
export type RecordingConfig = ReturnType<typeof recordingConfigFrom>;
export type RecordingTimers = RecordingConfig['timers'];

/** The recording pipeline's production defaults (a unit test pins each). */
export const recordingTimerDefaults: Readonly<RecordingTimers> = Object.freeze(recordingConfigFrom({}).timers);

/** Where finished recordings are stored, with the secrets read. */
export type StoreConfig =
  | { mode: 'local'; /** A folder, or a UNC path to a share (\\server\share\recordings). */ dir: string }
  | {
      mode: 's3';
      bucket: string;
      region: string;
      /** For S3-compatible stores; unset for AWS. */ endpoint: string | undefined;
      accessKeyId: string | undefined;
      secretAccessKey: string | undefined;
    }
  | { mode: 'azure'; connectionString: string; container: string };

export interface RecordingSettings {
  store: StoreConfig;
  /** Where recordings that could not be stored wait (never deleted). */
  quarantineDir: string;
  timers: RecordingTimers;
}

function readSecretFile(name: string, file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw configError(
      `${name} names a file that cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): ${file}`,
    );
  }
}

function storeFrom(config: RecordingConfig, dataDir: string): StoreConfig {
  if (config.store === 'local')
    return { mode: 'local', dir: config.localDir ?? path.join(dataDir, 'recordings-store') };
  if (config.store === 'azure')
    return {
      mode: 'azure',
      connectionString: readSecretFile('OPENPSM_AZURE_CONNECTION_STRING_FILE', config.azure.connectionStringFile),
      container: config.azure.container,
    };
  const { secretAccessKeyFile, ...s3 } = config.s3;
  return {
    mode: 's3',
    ...s3,
    secretAccessKey:
      secretAccessKeyFile === undefined
        ? undefined
        : readSecretFile('OPENPSM_S3_SECRET_ACCESS_KEY_FILE', secretAccessKeyFile),
  };
}

/** The recording settings of a control plane keeping its data in `dataDir`; reads the secret files (CONFIG_INVALID names one that cannot be read). */
export function recordingSettingsFrom(config: RecordingConfig, dataDir: string): RecordingSettings {
  return {
    store: storeFrom(config, dataDir),
    quarantineDir: config.quarantineDir ?? path.join(dataDir, 'recordings-quarantine'),
    timers: { ...config.timers },
  };
}
