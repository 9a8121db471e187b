import type { z } from 'zod';
import { appEnv, appSettingsFrom, appTimersEnv } from './appSettings';
import { guacdTimersEnv } from './guacdTimers';
import { limitSettingsFrom, limitsEnv } from './limits';
import { recordingConfigFrom, recordingsEnv } from './recordings';
import { demoEnv, demoSettingsFrom, serverEnv, serverSettingsFrom } from './serverSettings';
import { serverTimersEnv, serverTimersFrom } from './serverTimers';

/** The control plane's whole section: `npm run server` uses all of it, the embedded one all but where it listens and keeps its data. */
export function serverConfigFrom(env: Record<string, string | undefined>, cwd: string) {
  return {
    ...serverSettingsFrom(env, cwd),
    timers: serverTimersFrom(env),
    limits: limitSettingsFrom(env),
    recordings: recordingConfigFrom(env),
    demo: demoSettingsFrom(env),
  };
}
export type ServerConfig = ReturnType<typeof serverConfigFrom>;

export interface OpenPsmConfig {
  /** The browser host's and the desktop shell's settings. */
  app: ReturnType<typeof appSettingsFrom>;
  /** The control plane's, standalone or embedded. */
  server: ServerConfig;
}

/**
 * The one reader of OPENPSM_* variables, for the browser host, the desktop shell and the
 * server alike. Throws CONFIG_INVALID whose message is one line naming the bad variable.
 */
export function loadConfig(env: Record<string, string | undefined>, cwd: string = process.cwd()): OpenPsmConfig {
  return { app: appSettingsFrom(env), server: serverConfigFrom(env, cwd) };
}

/** Every group of variables with its README table (README.md, between `<!-- config:<id> -->` markers). */
export const configGroups: ReadonlyArray<{ id: string; group: z.ZodObject }> = [
  { id: 'app', group: appEnv },
  { id: 'app-timers', group: appTimersEnv },
  { id: 'guacd-timers', group: guacdTimersEnv },
  { id: 'server', group: serverEnv },
  { id: 'server-timers', group: serverTimersEnv },
  { id: 'recordings', group: recordingsEnv },
  { id: 'limits', group: limitsEnv },
  { id: 'demo', group: demoEnv },
];
