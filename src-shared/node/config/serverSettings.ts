import path from 'node:path';
import { z } from 'zod';
import { httpUrl, listOf, optionalText, portNumber, readEnv, wholeNumber } from './envValues';

const origins = 'comma-separated origins such as https://psm.example.com';
const origin = z
  .url({ protocol: /^https?$/, error: origins })
  .refine((value) => URL.canParse(value) && new URL(value).origin === value.replace(/\/$/, '').toLowerCase(), origins)
  .transform((value) => new URL(value).origin);

/** Where `npm run server` listens, keeps its data and keys, and reaches guacd (README, "Server configuration"). */
export const serverEnv = z.object({
  OPENPSM_PORT: portNumber(0).default(4100).describe('port (`0` picks a free one)'),
  OPENPSM_HOST: z
    .string()
    .default('127.0.0.1')
    .describe('interface to bind; put a TLS proxy in front before binding anything else'),
  OPENPSM_PUBLIC_URL: httpUrl('`http://HOST:PORT`').describe(
    'the URL users reach (the OIDC issuer), e.g. `https://psm.example.com` behind a proxy; with `127.0.0.1:PORT` and `localhost:PORT`, its host is the only `Host` the server answers (else 421)',
  ),
  OPENPSM_GATEWAY_ALLOWED_ORIGINS: listOf(origin, origins)
    .default([])
    .describe(
      'comma-separated browser origins (`https://psm.example.com`) allowed to open the gateway socket; any other `Origin` gets 403',
    ),
  OPENPSM_DATA_DIR: z
    .string()
    .default('openpsm-data')
    .describe(
      "the control plane's folder: the SQLite database, a generated key, recordings (relative to the working folder). The app's embedded control plane keeps its data in `OPENPSM_APP_DATA_DIR/server` instead",
    ),
  OPENPSM_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')
    .optional()
    .meta({ unset: '(SQLite)' })
    .describe('`postgres://user@host:5432/openpsm` to use PostgreSQL'),
  OPENPSM_SERVER_KEY_FILE: optionalText('(generated)').describe('the server key, see below'),
  OPENPSM_VAULT_PEPPER_FILE: optionalText('(derived from the server key)').describe(
    'the pepper for vault unlock proofs, see "The vault"',
  ),
  OPENPSM_GATEWAY_KEY_FILE: optionalText('(derived from the server key)').describe(
    'the key that seals gateway tickets',
  ),
  OPENPSM_GUACD_HOST: z
    .string()
    .default('127.0.0.1')
    .describe('where the gateway reaches guacd (never expose guacd itself)'),
  OPENPSM_GUACD_PORT: portNumber(1).default(4822).describe("guacd's port"),
  OPENPSM_RECORDINGS_DIR: optionalText('`OPENPSM_DATA_DIR/recordings`').describe(
    "guacd's `recording-path` for recorded computers (mount the same folder into guacd: `-v /srv/openpsm/recordings:/srv/openpsm/recordings`)",
  ),
  OPENPSM_WATCHER_QUEUE_BYTES: wholeNumber(1024, ' of bytes')
    .default(8 * 1024 * 1024)
    .describe(
      'how much a watcher may have queued (sent, not yet rendered) before the gateway drops it (`WATCHER_TOO_SLOW`)',
    ),
});

/** The control plane's own settings; `dataDir` is resolved against `cwd`. */
export function serverSettingsFrom(env: Record<string, string | undefined>, cwd: string) {
  const v = readEnv(serverEnv, env);
  return {
    host: v.OPENPSM_HOST,
    port: v.OPENPSM_PORT,
    publicUrl: v.OPENPSM_PUBLIC_URL,
    gatewayAllowedOrigins: v.OPENPSM_GATEWAY_ALLOWED_ORIGINS,
    dataDir: path.resolve(cwd, v.OPENPSM_DATA_DIR),
    /** postgres://… for PostgreSQL; unset for the embedded SQLite file in dataDir. */
    databaseUrl: v.OPENPSM_DATABASE_URL,
    /** Docker-secret style file holding the server key. */
    serverKeyFile: v.OPENPSM_SERVER_KEY_FILE,
    /** Secret file holding the pepper for vault unlock proofs; derived from the server key when unset. */
    vaultPepperFile: v.OPENPSM_VAULT_PEPPER_FILE,
    /** Secret file holding the gateway's ticket key; derived from the server key when unset. */
    gatewayKeyFile: v.OPENPSM_GATEWAY_KEY_FILE,
    /** Where guacd listens, reachable from the gateway only. */
    guacd: { host: v.OPENPSM_GUACD_HOST, port: v.OPENPSM_GUACD_PORT },
    /** guacd's recording-path, the folder mounted into guacd; `<dataDir>/recordings` when unset. */
    recordingsDir: v.OPENPSM_RECORDINGS_DIR,
    watcherQueueBytes: v.OPENPSM_WATCHER_QUEUE_BYTES,
  };
}

/** How much a watcher may have queued (sent, not yet rendered) before the gateway drops it: 8 MiB. */
export const defaultWatcherQueueBytes: number = serverEnv.shape.OPENPSM_WATCHER_QUEUE_BYTES.def.defaultValue;

/** Browser origins allowed to open the gateway socket: none (the desktop's main process sends no Origin). */
export const defaultGatewayAllowedOrigins: readonly string[] = Object.freeze([]);

/** The demo's passwords (tests set them; random ones otherwise) and the SSH target its Linux computers point at. */
export const demoEnv = z.object({
  OPENPSM_DEMO_PASSWORD: optionalText('(random, printed)').describe(
    "`seed-demo` and `--demo`: the demo people's password",
  ),
  OPENPSM_DEMO_SECRET: optionalText('(random)').describe(
    "`seed-demo` and `--demo`: the demo computers' shared credential (the password of `OPENPSM_DEMO_SSH_USER`)",
  ),
  OPENPSM_DEMO_SSH_HOST: z
    .string()
    .min(1)
    .default('127.0.0.1')
    .describe("the demo's SSH computers (web-01, db-01, vault-01): the sshd they point at"),
  OPENPSM_DEMO_SSH_PORT: portNumber(1).default(22).describe("that sshd's port"),
  OPENPSM_DEMO_SSH_USER: z
    .string()
    .min(1)
    .default('deploy')
    .describe("web-01's shared credential's account: set it (and `OPENPSM_DEMO_SECRET`) to an account on that sshd"),
});

export function demoSettingsFrom(env: Record<string, string | undefined>) {
  const v = readEnv(demoEnv, env);
  return {
    password: v.OPENPSM_DEMO_PASSWORD,
    secret: v.OPENPSM_DEMO_SECRET,
    ssh: { host: v.OPENPSM_DEMO_SSH_HOST, port: v.OPENPSM_DEMO_SSH_PORT, user: v.OPENPSM_DEMO_SSH_USER },
  };
}
