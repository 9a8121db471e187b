/**
 * Every timer of the main process, with its one production default. The variables and their
 * schema live in src-shared/node/config/appSettings.ts; a unit test pins each default.
 */
export { timerDefaults, type Timers } from '@shared/node/config/appSettings';
