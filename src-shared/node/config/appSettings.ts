import { z } from 'zod';
import { oneOf, optionalText, portNumber, readEnv, wholeNumber } from './envValues';
import { guacdTimersFrom } from './guacdTimers';

/** The app's own settings: the browser host's and the desktop shell's (README, "Data folder, settings and logs"). */
export const appEnv = z.object({
  OPENPSM_APP_DATA_DIR: optionalText('`~/.config/OpenPSM` (the desktop app: its own folder)').describe(
    "the app's folder: settings, vault cache, logs, and the embedded control plane (in `server/`)",
  ),
  OPENPSM_HOST_PORT: portNumber(0)
    .default(0)
    .describe(
      "the browser host's port on 127.0.0.1 (`0`: the port of its last launch when that one is free, else a free one)",
    ),
  OPENPSM_FORCE_BROWSER_HOST: oneOf(['0', '1'])
    .default('0')
    .describe('`1`: `npm start` runs the browser host even where the Electron binary exists'),
});

const ms = wholeNumber(1, ' of milliseconds');

/** Every timer of the main process; a unit test pins each default. */
export const appTimersEnv = z.object({
  OPENPSM_BACKEND_HEALTH_TIMEOUT_MS: ms
    .default(3000)
    .describe('how long a control-plane health check may take before it counts as unreachable'),
  OPENPSM_BACKEND_POLL_MS: ms
    .default(2000)
    .describe(
      'how often the app checks its control plane again (its `/health`, with guacd), so the header and Home change within this plus the health timeout',
    ),
  OPENPSM_DIRECT_GUACD_CHECK_MS: ms
    .default(10_000)
    .describe("how long direct mode reuses its last check of this device's guacd before it connects again"),
  OPENPSM_SESSION_TOKEN_TTL_MS: ms
    .default(30_000)
    .describe("how long a session's one-time socket token stays valid before the session is dropped"),
  OPENPSM_AUTH_REFRESH_SKEW_MS: ms
    .default(60_000)
    .describe('how long before an access token runs out main refreshes it'),
  OPENPSM_SIGN_IN_TIMEOUT_MS: ms
    .default(300_000)
    .describe('how long a started sign-in waits for the browser to come back'),
  OPENPSM_IAM_RETRY_DELAY_MS: ms
    .default(300)
    .describe('the first pause before a failed control-plane GET is retried (doubling after)'),
  OPENPSM_VAULT_UNLOCK_BACKOFF_MS: ms
    .default(1000)
    .describe(
      'the wait after the second wrong master password in a row, doubling with each further one (at most 60 s)',
    ),
  OPENPSM_VAULT_SYNC_RETRY_MS: ms
    .default(30_000)
    .describe('how often queued vault edits are offered to the server again while it does not answer'),
  OPENPSM_LIVE_RETRY_MS: ms
    .default(2000)
    .describe("how long the Live view's follower waits after a failed request before it asks the control plane again"),
  OPENPSM_RDP_CERTIFICATE_READ_TIMEOUT_MS: ms
    .default(5000)
    .describe(
      "how long reading an RDP computer's certificate (negotiation and TLS handshake) may take, in direct mode",
    ),
});

/** The main process's timers, the guacd deadlines among them. */
export function appTimersFrom(env: Record<string, string | undefined>) {
  const v = readEnv(appTimersEnv, env);
  return {
    backendHealthTimeoutMs: v.OPENPSM_BACKEND_HEALTH_TIMEOUT_MS,
    backendPollMs: v.OPENPSM_BACKEND_POLL_MS,
    directGuacdCheckMs: v.OPENPSM_DIRECT_GUACD_CHECK_MS,
    sessionTokenTtlMs: v.OPENPSM_SESSION_TOKEN_TTL_MS,
    authRefreshSkewMs: v.OPENPSM_AUTH_REFRESH_SKEW_MS,
    signInTimeoutMs: v.OPENPSM_SIGN_IN_TIMEOUT_MS,
    iamRetryDelayMs: v.OPENPSM_IAM_RETRY_DELAY_MS,
    vaultUnlockBackoffMs: v.OPENPSM_VAULT_UNLOCK_BACKOFF_MS,
    vaultSyncRetryMs: v.OPENPSM_VAULT_SYNC_RETRY_MS,
    liveRetryMs: v.OPENPSM_LIVE_RETRY_MS,
    rdpCertificateReadMs: v.OPENPSM_RDP_CERTIFICATE_READ_TIMEOUT_MS,
    ...guacdTimersFrom(env),
  };
}
export type Timers = ReturnType<typeof appTimersFrom>;

/** The main process's production timer defaults (a unit test pins each). */
export const timerDefaults: Readonly<Timers> = Object.freeze(appTimersFrom({}));

/** The app's settings: its folder (unset: the shell's own), the host's port, whether to skip Electron, the timers. */
export function appSettingsFrom(env: Record<string, string | undefined>) {
  const v = readEnv(appEnv, env);
  return {
    dataDir: v.OPENPSM_APP_DATA_DIR,
    hostPort: v.OPENPSM_HOST_PORT,
    forceBrowserHost: v.OPENPSM_FORCE_BROWSER_HOST === '1',
    timers: appTimersFrom(env),
  };
}
export type AppSettings = ReturnType<typeof appSettingsFrom>;
