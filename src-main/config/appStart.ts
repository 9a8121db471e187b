import { loadConfig } from '@shared/node/config/loadConfig';
import { embeddedServerSettings } from '../backend/embeddedServerSettings';
import { makeDataDir, refuseServerDataDir } from '../dataDir';

/**
 * What both shells need at start: the app's folder (OPENPSM_APP_DATA_DIR, else the shell's
 * own), the host's port, the timers and the embedded control plane's settings. Throws a
 * CONFIG_INVALID, one line naming the bad variable, before anything starts.
 */
export function loadAppStart(env: Record<string, string | undefined>, shellDataDir: () => string) {
  refuseServerDataDir(env);
  const config = loadConfig(env);
  const dataDir = makeDataDir(config.app.dataDir ?? shellDataDir());
  return {
    dataDir,
    hostPort: config.app.hostPort,
    timers: config.app.timers,
    embeddedServer: embeddedServerSettings(config.server, dataDir),
  };
}
