import { z } from 'zod';
import { readEnv, wholeNumber } from './envValues';

const ms = wholeNumber(1, ' of milliseconds');

/** The tunnel's own deadlines towards guacd (guacd is often silent instead of failing). */
export const guacdTimersEnv = z.object({
  OPENPSM_GUACD_ARGS_TIMEOUT_MS: ms
    .default(5000)
    .describe('no `args` this long after `select`: unknown protocol, or not a guacd'),
  OPENPSM_GUACD_READY_TIMEOUT_MS: ms.default(5000).describe('no `ready` this long after `connect`'),
  OPENPSM_GUACD_SILENCE_TIMEOUT_MS: ms
    .default(15_000)
    .describe(
      'nothing at all from guacd this long after `ready` (SSH heartbeats every 1 s, VNC/RDP `nop` every 5–10 s)',
    ),
  OPENPSM_GUACD_NOP_INTERVAL_MS: ms
    .default(5000)
    .describe('how often main sends `nop` so guacd never drops a quiet user (its limit is 15 s)'),
});

export function guacdTimersFrom(env: Record<string, string | undefined>) {
  const v = readEnv(guacdTimersEnv, env);
  return {
    argsTimeoutMs: v.OPENPSM_GUACD_ARGS_TIMEOUT_MS,
    readyTimeoutMs: v.OPENPSM_GUACD_READY_TIMEOUT_MS,
    silenceTimeoutMs: v.OPENPSM_GUACD_SILENCE_TIMEOUT_MS,
    nopIntervalMs: v.OPENPSM_GUACD_NOP_INTERVAL_MS,
  };
}
export type GuacdTimers = ReturnType<typeof guacdTimersFrom>;
