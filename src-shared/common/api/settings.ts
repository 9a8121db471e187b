import { z } from 'zod';
import { rdpSettingsSchema } from './rdpSecurity';
import type { ServiceContract } from './rpc';
import { themeChoices } from '../theme';

/** Where the app's sessions go (architecture.md, "Backend modes"). */
export const backendModeSchema = z.enum(['embedded', 'remote', 'direct']);
export type BackendMode = z.infer<typeof backendModeSchema>;

export const logLevelSchema = z.enum(['error', 'warn', 'info', 'debug']);

const serverUrlSchema = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).max(2048);

/** The current settings file format. Older files are migrated, newer ones set aside. */
export const settingsSchemaVersion = 3;

export const protocolSchema = z.enum(['ssh', 'rdp', 'vnc', 'telnet']);
export type Protocol = z.infer<typeof protocolSchema>;

/** A host name or an IP address, as a user types it. */
export const hostSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(253)
  .regex(/^[A-Za-z0-9.:[\]_-]+$/, 'must be a host name or an IP address');
export const portSchema = z.number().int().min(1, 'must be 1-65535').max(65535, 'must be 1-65535');

/** A computer defined on this device for direct mode. The password is never here, only whether one is kept. */
export const computerSchema = z.object({
  id: z.uuid(),
  name: z.string().trim().min(1, 'is required').max(100),
  protocol: protocolSchema,
  host: hostSchema,
  port: portSchema,
  username: z.string().max(256),
  hasPassword: z.boolean(),
  /** Copy from the remote computer to this one is blocked. */
  disableCopy: z.boolean(),
  /** Paste from this computer to the remote one is blocked. */
  disablePaste: z.boolean(),
  /** RDP only: the security mode and how guacd checks the certificate; absent means defaultRdpSettings. */
  rdp: rdpSettingsSchema.optional(),
});
export type Computer = z.infer<typeof computerSchema>;

/** Where guacd listens, for direct mode: loopback, optionally TLS with a pinned CA. */
export const guacdAddressSchema = z.object({
  host: hostSchema,
  port: portSchema,
  /** PEM of the CA that signed guacd's certificate; plain TCP when null. */
  tlsCa: z.string().max(20_000).includes('BEGIN CERTIFICATE', { message: 'must be a PEM certificate' }).nullable(),
});
export type GuacdAddressSettings = z.infer<typeof guacdAddressSchema>;

/** The vault's timers, in seconds (defaults: idle lock 15 min, clipboard 30 s). */
export const vaultSettingsSchema = z.object({
  /** The vault locks after this long without activity in the app. */
  idleLockSeconds: z
    .number()
    .int()
    .min(1, 'must be at least 1 second')
    .max(24 * 3600, 'must be at most 24 hours'),
  /** A copied secret is cleared from the clipboard after this long. */
  clipboardClearSeconds: z.number().int().min(1, 'must be at least 1 second').max(600, 'must be at most 10 minutes'),
});
export type VaultSettings = z.infer<typeof vaultSettingsSchema>;

export const themeChoiceSchema = z.enum(themeChoices);

export const settingsSchema = z.object({
  schemaVersion: z.literal(settingsSchemaVersion),
  backend: z.object({
    mode: backendModeSchema,
    /** The control-plane URL used in `remote` mode. */
    serverUrl: serverUrlSchema.nullable(),
  }),
  logLevel: logLevelSchema,
  direct: z.object({
    guacd: guacdAddressSchema,
    computers: z.array(computerSchema).max(500),
  }),
  vault: vaultSettingsSchema,
  /** The look: the OS's light or dark (system), or always one. A file without it follows the OS. */
  theme: themeChoiceSchema.default('system'),
});
export type Settings = z.infer<typeof settingsSchema>;

/** A change to some settings; what is left out stays as it is. */
export const settingsPatchSchema = z
  .object({
    backend: z.object({ mode: backendModeSchema, serverUrl: serverUrlSchema.nullable() }).partial().strict().optional(),
    logLevel: logLevelSchema.optional(),
    direct: z.object({ guacd: guacdAddressSchema }).strict().optional(),
    vault: vaultSettingsSchema.partial().strict().optional(),
    theme: themeChoiceSchema.optional(),
  })
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export const settingsContract = {
  /** Returns the current settings. Never fails. */
  get: { params: z.object({}).strict(), result: settingsSchema },
  /**
   * Applies a patch, saves it and returns the new settings.
   * Fails with INVALID_PARAMS for a malformed patch and SETTINGS_INVALID when the
   * combination cannot work (remote mode without a server URL); `path` names the field.
   */
  update: { params: settingsPatchSchema, result: settingsSchema },
} satisfies ServiceContract;
