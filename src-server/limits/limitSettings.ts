import { limitDefaults, type LimitSettings } from '@shared/node/config/limits';

/** The guessing and request limits; their variables and defaults live in src-shared/node/config/limits.ts. */
export { isAddressOrRange, limitDefaults, type LimitNumbers, type LimitSettings } from '@shared/node/config/limits';

/** The production defaults with a caller's changes (tests shorten them through `startServer({ limits })`). */
export function limitSettingsWith(changes: Partial<LimitSettings> = {}): LimitSettings {
  return { ...limitDefaults, trustedProxies: [], ...changes };
}
