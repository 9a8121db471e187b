/** The recording store and the pipeline's timers; their variables and defaults live in src-shared/node/config/recordings.ts. */
export {
  recordingTimerDefaults,
  type RecordingSettings,
  type RecordingTimers,
  type StoreConfig,
} from '@shared/node/config/recordings';
