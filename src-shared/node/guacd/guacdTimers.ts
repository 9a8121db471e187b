/** The tunnel's own deadlines towards guacd (guacd is often silent instead of failing). */
export const guacdTimerDefaults = {
  /** No `args` this long after `select`: unknown protocol, or not a guacd. */
  argsTimeoutMs: 5000,
  /** No `ready` this long after `connect`. */
  readyTimeoutMs: 5000,
  /** Nothing at all from guacd this long after `ready` (SSH heartbeats every 1 s, VNC/RDP nop every 5–10 s). */
  silenceTimeoutMs: 15_000,
  /** How often main sends `nop` so guacd never drops a quiet user (its limit is 15 s). */
  nopIntervalMs: 5000,
} as const;

export type GuacdTimers = { -readonly [K in keyof typeof guacdTimerDefaults]: number };
