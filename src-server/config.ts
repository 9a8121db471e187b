import path from 'node:path';
import { z } from 'zod';

/** Every timer of the control plane, with its one production default (seconds). */
export const serverTimerDefaults = {
  /** How long an access token is valid; the app refreshes before it runs out. */
  accessTokenTtlSeconds: 600,
  /** How long a refresh token is valid when unused. */
  refreshTokenTtlSeconds: 14 * 24 * 3600,
  /** How long a sign-in page may stay open. */
  interactionTtlSeconds: 600,
  /** How long the identity provider remembers a browser sign-in. */
  sessionTtlSeconds: 24 * 3600,
  /** How long vault unlocks are refused after too many wrong master passwords (doubling after). */
  vaultLockoutSeconds: 60,
  /** How long a gateway ticket may wait before its first (and only) use. */
  ticketTtlSeconds: 60,
  /** How long a new gateway socket may take to send its ticket. */
  gatewayHelloSeconds: 5,
  /** How often the gateway checks that a session's sign-in still stands (not revoked). */
  gatewayTokenCheckSeconds: 30,
  /** How long Advanced Mode's checked choices (MFA spent) wait on the terms page for Agree. */
  approvalTtlSeconds: 600,
  /** How long creating or removing a JIT account over SSH may take. */
  jitTimeoutSeconds: 20,
  /** How long the Live view's wait for the next change hangs before it answers unchanged (below the app's 10 s request timeout). */
  liveWaitSeconds: 8,
  /** How long before a session's firm end (its policy's maximum duration) the owner sees when it ends. */
  sessionEndWarningSeconds: 300,
  /** How long one minute of a policy's maximum duration lasts: 60. Only tests shorten it. */
  policyMinuteSeconds: 60,
} as const;
export type ServerTimers = { -readonly [K in keyof typeof serverTimerDefaults]: number };

const envNames: Record<keyof ServerTimers, string> = {
  accessTokenTtlSeconds: 'OPENPSM_ACCESS_TOKEN_TTL_SECONDS',
  refreshTokenTtlSeconds: 'OPENPSM_REFRESH_TOKEN_TTL_SECONDS',
  interactionTtlSeconds: 'OPENPSM_INTERACTION_TTL_SECONDS',
  sessionTtlSeconds: 'OPENPSM_SESSION_TTL_SECONDS',
  vaultLockoutSeconds: 'OPENPSM_VAULT_LOCKOUT_SECONDS',
  ticketTtlSeconds: 'OPENPSM_TICKET_TTL_SECONDS',
  gatewayHelloSeconds: 'OPENPSM_GATEWAY_HELLO_SECONDS',
  gatewayTokenCheckSeconds: 'OPENPSM_GATEWAY_TOKEN_CHECK_SECONDS',
  approvalTtlSeconds: 'OPENPSM_APPROVAL_TTL_SECONDS',
  jitTimeoutSeconds: 'OPENPSM_JIT_TIMEOUT_SECONDS',
  liveWaitSeconds: 'OPENPSM_LIVE_WAIT_SECONDS',
  sessionEndWarningSeconds: 'OPENPSM_SESSION_END_WARNING_SECONDS',
  policyMinuteSeconds: 'OPENPSM_POLICY_MINUTE_SECONDS',
};

/** How much a watcher may have queued (sent, not yet rendered) before the gateway drops it: 8 MiB. */
export const defaultWatcherQueueBytes = 8 * 1024 * 1024;

/** Browser origins allowed to open the gateway socket: none (the desktop's main process sends no Origin). */
export const defaultGatewayAllowedOrigins: readonly string[] = [];

const originSchema = z.url({ protocol: /^https?$/ }).refine((value) => URL.canParse(value) && new URL(value).origin === value.replace(/\/$/, '').toLowerCase(), 'an origin is scheme://host[:port], nothing after it');

/** OPENPSM_GATEWAY_ALLOWED_ORIGINS: comma-separated origins, e.g. `https://psm.example.com`; throws a sentence naming the variable. */
export function gatewayOriginsFromEnv(raw: string | undefined): string[] {
  if (raw === undefined) return [...defaultGatewayAllowedOrigins];
  const entries = raw.split(',').map((entry) => entry.trim()).filter(Boolean);
  const parsed = z.array(originSchema).safeParse(entries);
  if (!parsed.success) throw new Error(`OPENPSM_GATEWAY_ALLOWED_ORIGINS must be comma-separated origins such as https://psm.example.com, not "${raw}".`);
  return parsed.data.map((entry) => new URL(entry).origin);
}

export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  /** postgres://… for PostgreSQL; unset for the embedded SQLite file in dataDir. */
  databaseUrl: string | undefined;
  /** Docker-secret style file holding the server key. */
  serverKeyFile: string | undefined;
  /** Secret file holding the pepper for vault unlock proofs; derived from the server key when unset. */
  vaultPepperFile: string | undefined;
  /** Secret file holding the gateway's ticket key; derived from the server key when unset. */
  gatewayKeyFile: string | undefined;
  /** Where guacd listens, reachable from the gateway only. */
  guacd: { host: string; port: number };
  /** guacd's recording-path, the folder mounted into guacd. */
  recordingsDir: string | undefined;
  /** OPENPSM_WATCHER_QUEUE_BYTES: a watcher's queue cap. */
  watcherQueueBytes: number;
  /** OPENPSM_GATEWAY_ALLOWED_ORIGINS: browser origins that may open the gateway socket. */
  gatewayAllowedOrigins: string[];
  timers: ServerTimers;
}

/**
 * Settings that are whole numbers (timers, counts): each default, or its variable when set.
 * Throws a sentence naming the variable when a value is not a whole number of at least `min`.
 */
export function wholeNumbersFromEnv<K extends string>(env: Record<string, string | undefined>, names: Record<K, string>, defaults: Record<K, number>, rule: (key: K) => { min: number; unit: string }): Record<K, number> {
  const values = { ...defaults };
  for (const key of Object.keys(names) as K[]) {
    const raw = env[names[key]];
    if (raw === undefined) continue;
    const value = Number(raw);
    const { min, unit } = rule(key);
    if (!Number.isInteger(value) || value < min) throw new Error(`${names[key]} must be a whole number${unit}, not "${raw}".`);
    values[key] = value;
  }
  return values;
}

/** Reads the server's configuration from the environment; throws a sentence naming the bad variable. */
export function configFromEnv(env: Record<string, string | undefined>, cwd: string): ServerConfig {
  const port = Number(env['OPENPSM_PORT'] ?? 4100);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`OPENPSM_PORT must be a port number (0-65535), not "${env['OPENPSM_PORT']}".`);
  const guacdPort = Number(env['OPENPSM_GUACD_PORT'] ?? 4822);
  if (!Number.isInteger(guacdPort) || guacdPort < 1 || guacdPort > 65535) throw new Error(`OPENPSM_GUACD_PORT must be a port number (1-65535), not "${env['OPENPSM_GUACD_PORT']}".`);
  const timers: ServerTimers = wholeNumbersFromEnv(env, envNames, serverTimerDefaults, () => ({ min: 1, unit: ' of seconds' }));
  const watcherQueueBytes = Number(env['OPENPSM_WATCHER_QUEUE_BYTES'] ?? defaultWatcherQueueBytes);
  if (!Number.isInteger(watcherQueueBytes) || watcherQueueBytes < 1024) throw new Error(`OPENPSM_WATCHER_QUEUE_BYTES must be a whole number of bytes (at least 1024), not "${env['OPENPSM_WATCHER_QUEUE_BYTES']}".`);
  return {
    host: env['OPENPSM_HOST'] ?? '127.0.0.1',
    port,
    dataDir: path.resolve(cwd, env['OPENPSM_DATA_DIR'] ?? 'openpsm-data'),
    databaseUrl: env['OPENPSM_DATABASE_URL'],
    serverKeyFile: env['OPENPSM_SERVER_KEY_FILE'],
    vaultPepperFile: env['OPENPSM_VAULT_PEPPER_FILE'],
    gatewayKeyFile: env['OPENPSM_GATEWAY_KEY_FILE'],
    guacd: { host: env['OPENPSM_GUACD_HOST'] ?? '127.0.0.1', port: guacdPort },
    recordingsDir: env['OPENPSM_RECORDINGS_DIR'],
    watcherQueueBytes,
    gatewayAllowedOrigins: gatewayOriginsFromEnv(env['OPENPSM_GATEWAY_ALLOWED_ORIGINS']),
    timers,
  };
}
