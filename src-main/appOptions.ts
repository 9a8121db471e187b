import type { AppInfo } from '@shared/common/api/app';
import type { EventData, EventName } from '@shared/common/api/contract';
import type { Logger } from '@shared/node/logger';
import type { EmbeddedServer } from './backend/backendMonitor';
import type { EmbeddedServerSettings } from './backend/embeddedServerSettings';
import type { Timers } from './config/timers';
import type { SecretStore } from './secrets/secretStore';
import type { MainClipboard } from './vault/secretClipboard';
import type { SystemEvents } from './vault/systemEvents';

/** What one app launch is built from, and how its events reach the renderer (kept apart from appCore so the parts it wires need not import it). */
export type EventListener = (envelope: { event: EventName; data: EventData<EventName> }) => void;
export type Emit = <E extends EventName>(event: E, data: EventData<E>) => void;

export interface AppCoreOptions {
  dataDir: string;
  shell: AppInfo['shell'];
  timers: Timers;
  log: Logger;
  /** Where passwords are kept; the OS keychain when it answers, else memory. */
  secrets?: SecretStore;
  /** The embedded control plane's settings from OPENPSM_* (timers, limits, recording store); the defaults unless given. */
  embeddedServer?: EmbeddedServerSettings;
  /** Starts the embedded control plane; the real one unless a test swaps it. */
  startEmbedded?: () => Promise<EmbeddedServer>;
  /** Opens a URL in the system browser (desktop shell); absent in the browser host, where the renderer opens it. */
  openExternal?: (url: string) => Promise<void>;
  /** The OS telling the app to lock the vault (screen lock, suspend); none in the browser host. */
  systemEvents?: SystemEvents;
  /** The OS clipboard, where main can write it (desktop shell). */
  clipboard?: MainClipboard;
}
