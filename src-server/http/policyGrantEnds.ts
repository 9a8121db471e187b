import type { Kysely } from 'kysely';
import { OpenPsmError } from '@shared/common/errors';
import type { Database } from '../db/schema';
import type { LiveSessions } from '../gateway/liveSessions';

/** The policy's grants that are not revoked (a level removed by an edit takes its grants with it). */
export async function openGrantIds(db: Kysely<Database>, policyId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('grants')
    .select('id')
    .where('policy_id', '=', policyId)
    .where('revoked_at', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Ends the running sessions under grants that were open before a policy edit or delete and are
 * gone or revoked after it, as revoking them by hand would; returns how many it ended.
 */
export function endSessionsOfGoneGrants(
  live: Pick<LiveSessions, 'underGrant'>,
  before: string[],
  after: string[],
  message: string,
): number {
  const still = new Set(after);
  let ended = 0;
  for (const id of before.filter((g) => !still.has(g)))
    for (const entry of live.underGrant(id)) {
      entry.end(new OpenPsmError('GRANT_REVOKED', { message }), 'GRANT_REVOKED');
      ended += 1;
    }
  return ended;
}
