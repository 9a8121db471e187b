import { guacdTimerDefaults } from '../../src-shared/node/guacd/guacdTimers';

/**
 * Every timer of the main process, with its one production default. Tests shorten
 * them through `timersFromEnv` or by passing values; a unit test pins each default.
 */
export const timerDefaults = {
  /** How long a control-plane health check may take before it counts as unreachable. */
  backendHealthTimeoutMs: 3000,
  /** How long a session's one-time socket token stays valid before the session is dropped. */
  sessionTokenTtlMs: 30_000,
  /** How long before an access token runs out main refreshes it. */
  authRefreshSkewMs: 60_000,
  /** How long a started sign-in waits for the browser to come back. */
  signInTimeoutMs: 300_000,
  /** The first pause before a failed control-plane GET is retried (doubling after). */
  iamRetryDelayMs: 300,
  /** The wait after the second wrong master password in a row, doubling with each further one (at most 60 s). */
  vaultUnlockBackoffMs: 1000,
  /** How often queued vault edits are offered to the server again while it does not answer. */
  vaultSyncRetryMs: 30_000,
  /** How long the Live view's follower waits after a failed request before it asks the control plane again. */
  liveRetryMs: 2000,
  ...guacdTimerDefaults,
} as const;

export type Timers = { -readonly [K in keyof typeof timerDefaults]: number };

const envNames: Record<keyof Timers, string> = {
  backendHealthTimeoutMs: 'OPENPSM_BACKEND_HEALTH_TIMEOUT_MS',
  sessionTokenTtlMs: 'OPENPSM_SESSION_TOKEN_TTL_MS',
  authRefreshSkewMs: 'OPENPSM_AUTH_REFRESH_SKEW_MS',
  signInTimeoutMs: 'OPENPSM_SIGN_IN_TIMEOUT_MS',
  iamRetryDelayMs: 'OPENPSM_IAM_RETRY_DELAY_MS',
  vaultUnlockBackoffMs: 'OPENPSM_VAULT_UNLOCK_BACKOFF_MS',
  vaultSyncRetryMs: 'OPENPSM_VAULT_SYNC_RETRY_MS',
  liveRetryMs: 'OPENPSM_LIVE_RETRY_MS',
  argsTimeoutMs: 'OPENPSM_GUACD_ARGS_TIMEOUT_MS',
  readyTimeoutMs: 'OPENPSM_GUACD_READY_TIMEOUT_MS',
  silenceTimeoutMs: 'OPENPSM_GUACD_SILENCE_TIMEOUT_MS',
  nopIntervalMs: 'OPENPSM_GUACD_NOP_INTERVAL_MS',
};

/** The defaults, with any `OPENPSM_*_MS` variable that holds a positive whole number applied. */
export function timersFromEnv(env: Record<string, string | undefined>): Timers {
  const timers: Timers = { ...timerDefaults };
  for (const key of Object.keys(envNames) as (keyof Timers)[]) {
    const raw = env[envNames[key]];
    if (raw === undefined) continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${envNames[key]} must be a positive whole number of milliseconds, not "${raw}".`);
    timers[key] = value;
  }
  return timers;
}
