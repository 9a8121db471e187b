import { z } from 'zod';
import type { ServiceContract } from './rpc';

/** Where the app's sessions go (architecture.md, "Backend modes"). */
export const backendModeSchema = z.enum(['embedded', 'remote', 'direct']);
export type BackendMode = z.infer<typeof backendModeSchema>;

export const logLevelSchema = z.enum(['error', 'warn', 'info', 'debug']);

const serverUrlSchema = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .max(2048);

/** The current settings file format. Older files are migrated, newer ones set aside. */
export const settingsSchemaVersion = 1;

export const settingsSchema = z.object({
  schemaVersion: z.literal(settingsSchemaVersion),
  backend: z.object({
    mode: backendModeSchema,
    /** The control-plane URL used in `remote` mode. */
    serverUrl: serverUrlSchema.nullable(),
  }),
  logLevel: logLevelSchema,
});
export type Settings = z.infer<typeof settingsSchema>;

/** A change to some settings; what is left out stays as it is. */
export const settingsPatchSchema = z
  .object({
    backend: z
      .object({ mode: backendModeSchema, serverUrl: serverUrlSchema.nullable() })
      .partial()
      .strict()
      .optional(),
    logLevel: logLevelSchema.optional(),
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
