import { guacdTimersFrom, type GuacdTimers } from '../config/guacdTimers';

export type { GuacdTimers };

/** The tunnel's own deadlines towards guacd; their variables live in src-shared/node/config/guacdTimers.ts. */
export const guacdTimerDefaults: Readonly<GuacdTimers> = Object.freeze(guacdTimersFrom({}));
