import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema state
type Db = Kysely<any>;

/**
 * Indexes for what a person reaches (My Resources, the ticket's check, reach.ts): whether a
 * computer has a shared credential was a scan of every credential per computer, and the
 * policies and levels of one person were found by scanning who each policy names.
 */
export const reachIndexesMigration: Record<string, Migration> = {
  '028_reach_indexes': {
    async up(db: Db) {
      for (const [name, table, column] of [
        ['shared_credentials_computer', 'shared_credentials', 'computer_id'],
        ['policy_persons_person', 'policy_persons', 'person_id'],
        ['policy_groups_group', 'policy_groups', 'group_id'],
        ['memberships_person', 'memberships', 'person_id'],
        ['access_levels_policy', 'access_levels', 'policy_id'],
      ] as const)
        await db.schema.createIndex(name).on(table).column(column).execute();
    },
  },
};
