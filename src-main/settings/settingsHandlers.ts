import type { Handlers } from '../rpc/dispatcher';
import type { SettingsService } from './settingsService';

/** `settings.*`: read and change the user's settings. */
export function settingsHandlers(settings: Pick<SettingsService, 'get' | 'update'>): Handlers['settings'] {
  return {
    get: () => settings.get(),
    update: (patch) => settings.update(patch),
  };
}
