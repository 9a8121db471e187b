import { z } from 'zod';
import { readEnv, wholeNumber } from './envValues';

const seconds = wholeNumber(1, ' of seconds');

/** Every timer of the control plane: its variable, bounds, one production default and what it does. */
export const serverTimersEnv = z.object({
  OPENPSM_ACCESS_TOKEN_TTL_SECONDS: seconds
    .default(600)
    .describe('how long an access token is valid; the app refreshes it before it runs out'),
  OPENPSM_REFRESH_TOKEN_TTL_SECONDS: seconds
    .default(14 * 24 * 3600)
    .describe('how long an unused refresh token is valid (14 days)'),
  OPENPSM_INTERACTION_TTL_SECONDS: seconds.default(600).describe('how long a sign-in page may stay open'),
  OPENPSM_SESSION_TTL_SECONDS: seconds
    .default(24 * 3600)
    .describe('how long the identity provider remembers a browser sign-in'),
  OPENPSM_VAULT_LOCKOUT_SECONDS: seconds
    .default(60)
    .describe('how long vault unlocks are refused after 5 wrong master passwords in a row (doubling after)'),
  OPENPSM_TICKET_TTL_SECONDS: seconds
    .default(60)
    .describe('how long a gateway ticket may wait for its first (and only) use'),
  OPENPSM_GATEWAY_HELLO_SECONDS: seconds
    .default(5)
    .describe('how long a new gateway socket may take to send its ticket'),
  OPENPSM_GATEWAY_TOKEN_CHECK_SECONDS: seconds
    .default(30)
    .describe("how often the gateway checks that a session's sign-in was not revoked"),
  OPENPSM_APPROVAL_TTL_SECONDS: seconds
    .default(600)
    .describe("how long Advanced Mode's checked choices (MFA code spent) wait on the terms page for Agree"),
  OPENPSM_AUTHORIZATION_PLUGIN_SECONDS: seconds
    .pipe(z.int().max(8, 'at most 8 seconds (the app waits 10 s for the whole Continue)'))
    .default(5)
    .describe(
      "how long a policy's authorization webhook may take to answer before the session is refused (at most 8: the app waits 10 s for Continue)",
    ),
  OPENPSM_JIT_TIMEOUT_SECONDS: seconds
    .default(20)
    .describe('how long creating or removing a JIT account over SSH may take'),
  OPENPSM_LIVE_WAIT_SECONDS: seconds
    .default(8)
    .describe(
      "how long the Live view's wait for the next change hangs before it answers unchanged (below the app's 10 s request timeout)",
    ),
  OPENPSM_SESSION_END_WARNING_SECONDS: seconds
    .default(300)
    .describe("how long before a policy's maximum duration ends a session the owner sees a banner saying when"),
  OPENPSM_POLICY_MINUTE_SECONDS: seconds
    .default(60)
    .describe("how long one minute of a policy's maximum duration lasts; only tests shorten it"),
  OPENPSM_RDP_CERTIFICATE_READ_SECONDS: seconds
    .default(5)
    .describe(
      "how long the gateway's reading of an RDP computer's certificate (negotiation and TLS handshake) may take",
    ),
  OPENPSM_COMPUTER_TEST_SECONDS: seconds
    .default(5)
    .describe(
      "how long the Computers page's Test connection (connect, then read the SSH host key, RDP certificate or VNC banner) may take",
    ),
  OPENPSM_AUDIT_FORWARD_SECONDS: seconds
    .default(2)
    .describe(
      'how often the audit forwarder sends the entries waiting in its outbox to syslog, and tries again after the receiver failed',
    ),
  OPENPSM_AUDIT_FORWARD_BATCH: wholeNumber(1)
    .default(500)
    .describe('how many waiting audit entries the forwarder sends per connection'),
  OPENPSM_ONE_TIME_CODE_TTL_SECONDS: seconds
    .default(72 * 3600)
    .describe("how long a new person's one-time code (set the password at first sign-in) stays valid (72 hours)"),
  OPENPSM_GUACD_HEALTH_SECONDS: seconds
    .default(2)
    .describe(
      "how long `/health`'s check of guacd (connect, `select`, guacd's `args`) may take before guacd counts as not answering",
    ),
  OPENPSM_GUACD_HEALTH_CACHE_SECONDS: seconds
    .default(5)
    .describe(
      'how long `/health` reuses its last answer about guacd, so frequent health checks cost guacd one connection per period',
    ),
  OPENPSM_REACHABILITY_TIMEOUT_MS: wholeNumber(1, ' of milliseconds')
    .default(1000)
    .describe("how long My Resources' reachability check of a computer (a TCP connect from the gateway) may take"),
  OPENPSM_REACHABILITY_CACHE_SECONDS: seconds
    .default(30)
    .describe("how long My Resources reuses a computer's reachability before it connects again"),
  OPENPSM_GRANT_DEFAULT_HOURS: wholeNumber(1, ' of hours')
    .default(8)
    .describe('how long a grant of an access level (or a policy) lasts when the access manager sets no end'),
  OPENPSM_GRANT_MAX_HOURS: wholeNumber(1, ' of hours')
    .default(90 * 24)
    .describe('the longest window one grant may have, from its start to its end (90 days)'),
});

/** The control plane's timers, in seconds. */
export function serverTimersFrom(env: Record<string, string | undefined>) {
  const v = readEnv(serverTimersEnv, env);
  return {
    accessTokenTtlSeconds: v.OPENPSM_ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: v.OPENPSM_REFRESH_TOKEN_TTL_SECONDS,
    interactionTtlSeconds: v.OPENPSM_INTERACTION_TTL_SECONDS,
    sessionTtlSeconds: v.OPENPSM_SESSION_TTL_SECONDS,
    vaultLockoutSeconds: v.OPENPSM_VAULT_LOCKOUT_SECONDS,
    ticketTtlSeconds: v.OPENPSM_TICKET_TTL_SECONDS,
    gatewayHelloSeconds: v.OPENPSM_GATEWAY_HELLO_SECONDS,
    gatewayTokenCheckSeconds: v.OPENPSM_GATEWAY_TOKEN_CHECK_SECONDS,
    approvalTtlSeconds: v.OPENPSM_APPROVAL_TTL_SECONDS,
    authorizationPluginSeconds: v.OPENPSM_AUTHORIZATION_PLUGIN_SECONDS,
    jitTimeoutSeconds: v.OPENPSM_JIT_TIMEOUT_SECONDS,
    liveWaitSeconds: v.OPENPSM_LIVE_WAIT_SECONDS,
    sessionEndWarningSeconds: v.OPENPSM_SESSION_END_WARNING_SECONDS,
    policyMinuteSeconds: v.OPENPSM_POLICY_MINUTE_SECONDS,
    rdpCertificateReadSeconds: v.OPENPSM_RDP_CERTIFICATE_READ_SECONDS,
    computerTestSeconds: v.OPENPSM_COMPUTER_TEST_SECONDS,
    auditForwardSeconds: v.OPENPSM_AUDIT_FORWARD_SECONDS,
    auditForwardBatch: v.OPENPSM_AUDIT_FORWARD_BATCH,
    oneTimeCodeTtlSeconds: v.OPENPSM_ONE_TIME_CODE_TTL_SECONDS,
    guacdHealthSeconds: v.OPENPSM_GUACD_HEALTH_SECONDS,
    guacdHealthCacheSeconds: v.OPENPSM_GUACD_HEALTH_CACHE_SECONDS,
    reachabilityTimeoutMs: v.OPENPSM_REACHABILITY_TIMEOUT_MS,
    reachabilityCacheSeconds: v.OPENPSM_REACHABILITY_CACHE_SECONDS,
    grantDefaultHours: v.OPENPSM_GRANT_DEFAULT_HOURS,
    grantMaxHours: v.OPENPSM_GRANT_MAX_HOURS,
  };
}
export type ServerTimers = ReturnType<typeof serverTimersFrom>;

/** The production defaults (a unit test pins each). */
export const serverTimerDefaults: Readonly<ServerTimers> = Object.freeze(serverTimersFrom({}));
