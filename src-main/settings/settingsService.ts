import { settingsSchema, type Computer, type Settings, type SettingsPatch } from '@shared/common/api/settings';
import { OpenPsmError } from '@shared/common/errors';

/** Where settings are written (openSettingsStore: settings.json, durably). */
export interface SettingsStore {
  /** Replaces the whole file, atomically. */
  set store(value: Settings);
}

type Listener = (settings: Settings) => void;

/** Holds the settings in memory and writes each change through the store. */
export class SettingsService {
  private current: Settings;
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly store: SettingsStore,
    initial: Settings,
  ) {
    this.current = initial;
  }

  get(): Settings {
    return this.current;
  }

  update(patch: SettingsPatch): Settings {
    const next: Settings = {
      ...this.current,
      ...(patch.logLevel ? { logLevel: patch.logLevel } : {}),
      ...(patch.theme ? { theme: patch.theme } : {}),
      backend: { ...this.current.backend, ...patch.backend },
      direct: { ...this.current.direct, ...(patch.direct ? { guacd: patch.direct.guacd } : {}) },
      vault: { ...this.current.vault, ...patch.vault },
    };
    if (next.backend.mode === 'remote' && next.backend.serverUrl === null) {
      throw new OpenPsmError('SETTINGS_INVALID', {
        message: 'Remote mode needs the control-plane server URL.',
        path: 'backend.serverUrl',
      });
    }
    return this.save(next);
  }

  /** Replaces the list of direct-mode computers. */
  setComputers(computers: Computer[]): Settings {
    return this.save({ ...this.current, direct: { ...this.current.direct, computers } });
  }

  private save(next: Settings): Settings {
    const checked = settingsSchema.parse(next);
    this.store.store = checked;
    this.current = checked;
    for (const listener of this.listeners) listener(checked);
    return checked;
  }

  /** Calls `listener` after every saved change; returns the unsubscribe function. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
