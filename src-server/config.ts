/** The control plane's defaults; the variables, their schemas and the loader live in src-shared/node/config. */
export { serverTimerDefaults, type ServerTimers } from '../src-shared/node/config/serverTimers';
export { defaultGatewayAllowedOrigins, defaultWatcherQueueBytes } from '../src-shared/node/config/serverSettings';
export type { ServerConfig } from '../src-shared/node/config/loadConfig';
