import { sql, type Kysely, type SqlBool } from 'kysely';
import type {
  PersonDetail,
  PersonListQuery,
  PersonRow,
  PersonSource,
} from '@shared/common/api/controlPlane/personFields';
import { roleSchema } from '@shared/common/api/controlPlane/basics';
import type { PersonRecord } from './persons';
import type { Database } from './schema';
import type { Dialect } from './database';

/** How many people one page of the People list holds. */
export const peoplePageSize = 50;

/** The stored source for each source the page filters by (service accounts are stored as `service`). */
const storedSource: Record<PersonSource, string | null> = {
  local: 'local',
  ldap: 'ldap',
  federated: 'oidc',
  service: 'service',
};

/** The source the page shows for a stored one. */
export function sourceOf(stored: string): PersonSource {
  if (stored === 'oidc') return 'federated';
  return stored === 'ldap' || stored === 'service' ? stored : 'local';
}

/**
 * The fields a person's directory sets at each sign-in, read-only on the People page. LDAP also
 * sets the department (departmentNumber or ou) and location (l), so rule groups follow it.
 */
export function directoryFields(stored: string): string[] {
  if (stored === 'local') return [];
  return stored === 'ldap'
    ? ['username', 'displayName', 'roles', 'department', 'location']
    : ['username', 'displayName', 'roles'];
}

/** Searching people for the People page, and what a person page shows about one. */
export class PersonDirectory {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect = 'sqlite',
  ) {}

  /** One page, by username, after `cursor` (the last username of the page before). */
  async search(filter: PersonListQuery): Promise<{ persons: PersonRow[]; nextCursor: string | null }> {
    let q = this.db.selectFrom('persons').selectAll().where('deleted_at', 'is', null);
    const text = filter.query?.trim().toLowerCase();
    if (text) {
      // SQLite's LIKE ignores ASCII case already; PostgreSQL's ILIKE does.
      const matches = sql.raw(this.dialect === 'postgres' ? 'ilike' : 'like');
      const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) =>
        eb.or(
          (['username', 'display_name', 'email'] as const).map(
            (column) => sql<SqlBool>`${sql.ref(column)} ${matches} ${like} escape '\\'`,
          ),
        ),
      );
    }
    if (filter.role) {
      const role = filter.role;
      q = q.where('id', 'in', (eb) => eb.selectFrom('person_roles').select('person_id').where('role', '=', role));
    }
    if (filter.source) {
      const source = storedSource[filter.source];
      q = source === null ? q.where((eb) => eb.val(1), '=', 0) : q.where('source', '=', source);
    }
    if (filter.disabled) q = q.where('disabled', '=', filter.disabled === 'true' ? 1 : 0);
    if (filter.cursor) q = q.where('username', '>', filter.cursor);
    const rows = await q
      .orderBy('username')
      .limit(peoplePageSize + 1)
      .execute();
    const page = rows.slice(0, peoplePageSize);
    const roles = await this.rolesOf(page.map((r) => r.id));
    const persons = page.map((r) => ({
      id: r.id,
      username: r.username,
      displayName: r.display_name,
      roles: roles.get(r.id) ?? [],
      disabled: r.disabled === 1,
      source: sourceOf(r.source),
      email: r.email,
      department: r.department,
      location: r.location,
      costCenter: r.cost_center,
      revision: Number(r.revision),
    }));
    return { persons, nextCursor: rows.length > peoplePageSize ? (page.at(-1)?.username ?? null) : null };
  }

  private async rolesOf(ids: string[]): Promise<Map<string, PersonRow['roles']>> {
    const map = new Map<string, PersonRow['roles']>();
    if (ids.length === 0) return map;
    const rows = await this.db
      .selectFrom('person_roles')
      .select(['person_id', 'role'])
      .where('person_id', 'in', ids)
      .orderBy('role')
      .execute();
    for (const r of rows) map.set(r.person_id, [...(map.get(r.person_id) ?? []), roleSchema.parse(r.role)]);
    return map;
  }

  /** What reaches a person: groups, policies (directly or through a group), their computers, sign-ins and sessions. */
  async reach(person: PersonRecord): Promise<Omit<PersonDetail, keyof PersonRow | 'manager' | 'directoryFields'>> {
    const groups = await this.db
      .selectFrom('memberships')
      .innerJoin('groups', 'groups.id', 'memberships.group_id')
      .select(['groups.id', 'groups.name'])
      .where('memberships.person_id', '=', person.id)
      .orderBy('groups.name')
      .execute();
    const policies = await this.policiesOf(person.id, groups);
    const computers = await this.computersOf(policies);
    return {
      groups,
      policies,
      computers,
      lastSignInAt: await this.lastSignIn(person.id),
      openSessions: await this.openSessions(person.id),
    };
  }

  private async policiesOf(personId: string, groups: Array<{ id: string; name: string }>) {
    const direct = await this.db
      .selectFrom('policy_persons')
      .innerJoin('access_request_policies as p', 'p.id', 'policy_persons.policy_id')
      .select(['p.id', 'p.name'])
      .where('policy_persons.person_id', '=', personId)
      .execute();
    const viaGroups =
      groups.length === 0
        ? []
        : await this.db
            .selectFrom('policy_groups')
            .innerJoin('access_request_policies as p', 'p.id', 'policy_groups.policy_id')
            .select(['p.id', 'p.name', 'policy_groups.group_id'])
            .where(
              'policy_groups.group_id',
              'in',
              groups.map((g) => g.id),
            )
            .execute();
    const groupName = new Map(groups.map((g) => [g.id, g.name]));
    return [
      ...direct.map((p) => ({ ...p, why: 'directly' })),
      ...viaGroups.map((p) => ({ id: p.id, name: p.name, why: `through group ${groupName.get(p.group_id) ?? ''}` })),
    ].sort((a, b) => a.name.localeCompare(b.name));
  }

  private async computersOf(policies: Array<{ id: string; name: string }>) {
    if (policies.length === 0) return [];
    const rows = await this.db
      .selectFrom('policy_computers')
      .innerJoin('computers as c', 'c.id', 'policy_computers.computer_id')
      .select(['c.id', 'c.name', 'policy_computers.policy_id'])
      .where('c.deleted_at', 'is', null)
      .where(
        'policy_computers.policy_id',
        'in',
        policies.map((p) => p.id),
      )
      .orderBy('c.name')
      .execute();
    const policyName = new Map(policies.map((p) => [p.id, p.name]));
    return rows.map((r) => ({ id: r.id, name: r.name, why: `through policy ${policyName.get(r.policy_id) ?? ''}` }));
  }

  private async lastSignIn(personId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.max('at').as('at'))
      .where('action', 'in', ['login', 'login.federated'])
      .where('target', '=', personId)
      .executeTakeFirst();
    return row?.at ?? null;
  }

  private async openSessions(personId: string) {
    return this.db
      .selectFrom('sessions')
      .innerJoin('computers as c', 'c.id', 'sessions.computer_id')
      .select(['sessions.id', 'c.name as computer', 'sessions.started_at as startedAt'])
      .where('sessions.person_id', '=', personId)
      .where('sessions.ended_at', 'is', null)
      .orderBy('sessions.started_at', 'desc')
      .execute();
  }
}
