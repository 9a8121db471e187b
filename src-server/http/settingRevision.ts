import { OpenPsmError } from '@shared/common/errors';
import type { ServerStateRepository } from '../db/serverState';

/**
 * A revision counter kept as one server setting, for a record that is read and replaced whole (a
 * sign-in module, audit forwarding). A save naming an older revision is refused as stale; a save
 * without one applies over whatever changed meanwhile (API callers that send none keep working).
 */
export interface SettingRevision {
  read(): Promise<number>;
  /** Throws STALE_REVISION when `given` is set and is not the current revision. */
  check(given: number | undefined): Promise<void>;
  /** After a save that changed something: the next revision. */
  bump(): Promise<number>;
}

/** The revision kept under `key`; `what` names the record in the stale message ("the LDAP settings"). */
export function settingRevision(state: ServerStateRepository, key: string, what: string): SettingRevision {
  const read = () => state.getSetting(key, 0);
  return {
    read,
    async check(given) {
      const now = await read();
      if (given === undefined || given === now) return;
      throw new OpenPsmError('STALE_REVISION', {
        message: `Someone saved ${what} since you opened them (now revision ${now}). Reload; what you typed is kept.`,
        fields: [{ path: 'revision', message: `is now ${now}` }],
      });
    },
    async bump() {
      const next = (await read()) + 1;
      await state.setSetting(key, next);
      return next;
    },
  };
}
