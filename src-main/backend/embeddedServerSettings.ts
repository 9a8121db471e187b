import path from 'node:path';
import type { ServerConfig } from '@shared/node/config/loadConfig';
import { recordingSettingsFrom } from '@shared/node/config/recordings';

/**
 * The embedded control plane's share of the server section: its timers, limits, recording
 * store, guacd's recording folder, the watcher cap and the gateway's origins. Where it listens
 * (127.0.0.1, a free port), its folder (`<app folder>/server`, SQLite) and its keys (the
 * keychain, a gateway key per launch) are the app's, and guacd's address is in Settings.
 * Reads the recording store's secret files now, so that a bad one stops start-up.
 */
export function embeddedServerSettings(server: ServerConfig, appDataDir: string) {
  const { timers, limits, recordingsDir, watcherQueueBytes, gatewayAllowedOrigins } = server;
  return {
    timers,
    limits,
    recordingsDir,
    watcherQueueBytes,
    gatewayAllowedOrigins,
    recordings: recordingSettingsFrom(server.recordings, path.join(appDataDir, 'server')),
  };
}
/** The embedded control plane's settings, and `--demo`'s data to add at its start. */
export type EmbeddedServerSettings = ReturnType<typeof embeddedServerSettings> & {
  demo?: { password: string; secret: string; ssh: { host: string; port: number; user: string } } | undefined;
};
