import { z } from 'zod';
import type { ServiceContract } from './rpc';
import { backendModeSchema } from './settings';

/** The control plane's TLS, as the app sees it: none (http), valid, or what is wrong, in words. */
export const tlsStatusSchema = z.object({
  status: z.enum(['none', 'valid', 'name-mismatch', 'untrusted', 'error']),
  detail: z.string(),
});
export type TlsStatus = z.infer<typeof tlsStatusSchema>;

/** How the app's backend is doing right now. */
export const backendStateSchema = z.object({
  mode: backendModeSchema,
  /** ready: usable; starting: coming up; unreachable: configured but not answering; not-configured: a setting is missing. */
  status: z.enum(['ready', 'starting', 'unreachable', 'not-configured']),
  /** One sentence for the user. */
  detail: z.string(),
  /** The control plane in use, when there is one. */
  serverUrl: z.string().nullable(),
  /** TLS of a remote control plane; absent for embedded and direct. */
  tls: tlsStatusSchema.optional(),
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
