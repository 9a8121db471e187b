import type { Kysely } from 'kysely';
import { reachOf, type Reach } from './myResources';
import type { Database } from './schema';

/** How many people's reach My Resources keeps (about 200 KB each at a thousand computers); the least recently asked goes first. */
export const reachCacheSize = 64;

/** The database's count of writes to what people reach (reachVersionMigration.ts), as text (PostgreSQL's bigint is text). */
export async function reachVersion(db: Kysely<Database>): Promise<string> {
  const row = await db.selectFrom('reach_version').select('version').where('id', '=', 1).executeTakeFirstOrThrow();
  return String(row.version);
}

/**
 * Each person's reach as last read, kept while the database's reach version stands still: any
 * write to a policy, its people, groups, computers, tags or a shared credential, by anyone,
 * raises it, and the next call reads the reach again. The version is read before the reach, so
 * a write landing between the two only makes the kept reach newer than its version, never older.
 * Callers treat the rows as read-only. A person's read under way is shared by their other calls.
 */
export class ReachCache {
  private readonly kept = new Map<string, { version: string; reach: Promise<Reach> }>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly size = reachCacheSize,
  ) {}

  async reachOf(personId: string): Promise<Reach> {
    const version = await reachVersion(this.db);
    const found = this.kept.get(personId);
    // Map keeps insertion order: put it last, so the first is the least recently asked.
    this.kept.delete(personId);
    if (found?.version === version) {
      this.kept.set(personId, found);
      return found.reach;
    }
    const entry = { version, reach: reachOf(this.db, personId) };
    this.kept.set(personId, entry);
    if (this.kept.size > this.size) this.kept.delete(this.kept.keys().next().value as string);
    entry.reach.catch(() => {
      if (this.kept.get(personId) === entry) this.kept.delete(personId);
    });
    return entry.reach;
  }
}
