import { z } from 'zod';
import type { ServiceContract } from './rpc';
import { backendModeSchema } from './settings';

/** The control plane's TLS, as the app sees it: none (http), valid, or what is wrong, in words. */
export const tlsStatusSchema = z.object({
  status: z.enum(['none', 'valid', 'name-mismatch', 'untrusted', 'error']),
  detail: z.string(),
});
export type TlsStatus = z.infer<typeof tlsStatusSchema>;

/** Whether guacd answers where sessions go: the gateway's guacd (embedded, remote) or this device's (direct). */
export const guacdStateSchema = z.object({
  /** unknown: the control plane does not say (an older server) or cannot be asked (unreachable). */
  status: z.enum(['reachable', 'unreachable', 'unknown']),
  /** What guacd offers in its `args`, e.g. VERSION_1_5_0; null when it did not answer. */
  protocolVersion: z.string().nullable(),
  /** One sentence for the user: where guacd was asked, what happened, and what to do. */
  detail: z.string(),
});
export type GuacdState = z.infer<typeof guacdStateSchema>;

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
  /** guacd's health, once known. */
  guacd: guacdStateSchema.optional(),
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
