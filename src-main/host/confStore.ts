import Conf from 'conf';
import type { Settings } from '../../src-shared/common/api/settings';
import type { SettingsStore } from '../settings/settingsService';

/** The browser host's settings store: conf, atomic writes, owner-only file mode. */
export function openConfStore(dataDir: string): SettingsStore {
  const conf = new Conf<Settings>({
    cwd: dataDir,
    configName: 'settings',
    clearInvalidConfig: false,
    accessPropertiesByDotNotation: false,
    configFileMode: 0o600,
  });
  return {
    set store(value: Settings) {
      conf.store = value;
    },
  };
}
