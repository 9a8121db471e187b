import Store from 'electron-store';
import type { Settings } from '../../src-shared/common/api/settings';
import type { SettingsStore } from '../settings/settingsService';

/** The desktop shell's settings store: electron-store on the same settings.json. */
export function openElectronStore(dataDir: string): SettingsStore {
  const store = new Store<Settings>({
    cwd: dataDir,
    name: 'settings',
    clearInvalidConfig: false,
    accessPropertiesByDotNotation: false,
    configFileMode: 0o600,
  });
  return {
    set store(value: Settings) {
      store.store = value;
    },
  };
}
