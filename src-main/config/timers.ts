/**
 * Every timer of the main process, with its one production default. Tests shorten
 * them through `timersFromEnv` or by passing values; a unit test pins each default.
 */
export const timerDefaults = {
  /** How long a control-plane health check may take before it counts as unreachable. */
  backendHealthTimeoutMs: 3000,
} as const;

export type Timers = { -readonly [K in keyof typeof timerDefaults]: number };

const envNames: Record<keyof Timers, string> = {
  backendHealthTimeoutMs: 'OPENPSM_BACKEND_HEALTH_TIMEOUT_MS',
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
