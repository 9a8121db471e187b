/** The control plane's defaults; the variables, their schemas and the loader live in src-shared/node/config. */
export { serverTimerDefaults, type ServerTimers } from '@shared/node/config/serverTimers';
export { defaultGatewayAllowedOrigins, defaultWatcherQueueBytes } from '@shared/node/config/serverSettings';
export type { ServerConfig } from '@shared/node/config/loadConfig';
