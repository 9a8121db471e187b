import { z } from 'zod';
import type { ServiceContract } from './rpc';
import { backendModeSchema } from './settings';

/** How the app's backend is doing right now. */
export const backendStateSchema = z.object({
  mode: backendModeSchema,
  /** ready: usable; starting: coming up; unreachable: configured but not answering; not-configured: a setting is missing. */
  status: z.enum(['ready', 'starting', 'unreachable', 'not-configured']),
  /** One sentence for the user. */
  detail: z.string(),
  /** The control plane in use, when there is one. */
  serverUrl: z.string().nullable(),
});
export type BackendState = z.infer<typeof backendStateSchema>;

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  /** desktop: the Electron shell; browser-host: the same app served to a browser on loopback. */
  shell: z.enum(['desktop', 'browser-host']),
  backend: backendStateSchema,
  /** Where kept passwords live: the OS keychain, or memory for this launch only. */
  secretStore: z.enum(['os-keychain', 'memory']),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const appContract = {
  /** Returns the app's name, version, shell and backend state. Never fails. */
  getInfo: { params: z.object({}).strict(), result: appInfoSchema },
} satisfies ServiceContract;
