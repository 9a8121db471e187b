import crypto from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Role } from '@shared/common/api/controlPlane/basics';
import type { Person } from '@shared/common/api/controlPlane/persons';
import { roleSchema } from '@shared/common/api/controlPlane/basics';
import { applyRuleGroups, followDirectory } from './groupSync';
import type { Database } from './schema';

export interface PersonRecord extends Person {
  passwordHash: string;
  /** local, ldap or oidc: who checks this person's sign-in. */
  source: string;
  email: string | null;
  department: string | null;
  location: string | null;
  costCenter: string | null;
  managerId: string | null;
  revision: number;
  deletedAt: string | null;
}

/** The employee fields a person carries besides name and roles (null clears one). */
export interface EmployeeFields {
  email?: string | null | undefined;
  department?: string | null | undefined;
  location?: string | null | undefined;
  costCenter?: string | null | undefined;
  managerId?: string | null | undefined;
}

/** An edit of a person; `revision`, when given, must be the stored one. */
export interface PersonEdit extends EmployeeFields {
  revision?: number | undefined;
  disabled?: boolean | undefined;
  roles?: Role[] | undefined;
  displayName?: string | undefined;
}

const employeeColumns = (f: EmployeeFields) =>
  Object.fromEntries(
    Object.entries({
      email: f.email,
      department: f.department,
      location: f.location,
      cost_center: f.costCenter,
      manager_id: f.managerId,
    }).filter(([, v]) => v !== undefined),
  );

/** Persons, their roles, groups and memberships. */
export class PersonRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** A local person, or (source `service`) a service account that acts only through API keys. */
  async create(
    input: {
      username: string;
      displayName: string;
      passwordHash: string;
      roles: Role[];
      source?: 'local' | 'service';
    } & EmployeeFields,
  ): Promise<Person> {
    const id = crypto.randomUUID();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('persons')
        .values({
          id,
          username: input.username,
          display_name: input.displayName,
          password_hash: input.passwordHash,
          disabled: 0,
          created_at: new Date().toISOString(),
          source: input.source ?? 'local',
          ...employeeColumns(input),
        })
        .execute();
      for (const role of new Set(input.roles))
        await tx.insertInto('person_roles').values({ person_id: id, role }).execute();
    });
    return {
      id,
      username: input.username,
      displayName: input.displayName,
      roles: [...new Set(input.roles)],
      disabled: false,
    };
  }

  async findByUsername(username: string): Promise<PersonRecord | undefined> {
    const row = await this.db
      .selectFrom('persons')
      .selectAll()
      .where('username', '=', username)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return row ? this.withRoles(row) : undefined;
  }

  /**
   * The person a directory or external issuer vouched for, created on first sign-in and
   * kept in step with its name, roles and the employee fields it gives at each sign-in.
   * Throws CONFLICT-like errors when the username belongs to someone else (e.g. a local account).
   */
  async upsertExternal(
    source: 'ldap' | 'oidc',
    externalId: string,
    username: string,
    displayName: string,
    roles: Role[],
    employee: EmployeeFields = {},
  ): Promise<PersonRecord> {
    const existing = await this.db
      .selectFrom('persons')
      .selectAll()
      .where('source', '=', source)
      .where('external_id', '=', externalId)
      .executeTakeFirst();
    if (existing) {
      await this.update(existing.id, { displayName, roles, ...employee });
      return (await this.findById(existing.id)) as PersonRecord;
    }
    const id = crypto.randomUUID();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('persons')
        .values({
          id,
          username,
          display_name: displayName,
          password_hash: '!',
          disabled: 0,
          created_at: new Date().toISOString(),
          source,
          external_id: externalId,
          ...employeeColumns(employee),
        })
        .execute();
      for (const role of new Set(roles)) await tx.insertInto('person_roles').values({ person_id: id, role }).execute();
    });
    return (await this.findById(id)) as PersonRecord;
  }

  async findById(id: string): Promise<PersonRecord | undefined> {
    const row = await this.db.selectFrom('persons').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? this.withRoles(row) : undefined;
  }

  async list(): Promise<Person[]> {
    const rows = await this.db
      .selectFrom('persons')
      .selectAll()
      .where('deleted_at', 'is', null)
      .orderBy('username')
      .execute();
    const people = await Promise.all(rows.map((r) => this.withRoles(r)));
    return people.map(({ id, username, displayName, roles, disabled }) => ({
      id,
      username,
      displayName,
      roles,
      disabled,
    }));
  }

  /** Applies an edit and raises the revision; false when there is no such person, 'stale' on an old revision. */
  async update(id: string, patch: PersonEdit): Promise<boolean | 'stale'> {
    return this.db.transaction().execute(async (tx) => {
      let bump = tx
        .updateTable('persons')
        .set((eb) => ({ revision: eb('revision', '+', 1) }))
        .where('id', '=', id);
      if (patch.revision !== undefined) bump = bump.where('revision', '=', patch.revision);
      const bumped = await bump.executeTakeFirst();
      if (Number(bumped.numUpdatedRows) === 0) {
        const exists = await tx.selectFrom('persons').select('id').where('id', '=', id).executeTakeFirst();
        return exists ? 'stale' : false;
      }
      const columns = {
        ...employeeColumns(patch),
        ...(patch.disabled === undefined ? {} : { disabled: patch.disabled ? 1 : 0 }),
        ...(patch.displayName === undefined ? {} : { display_name: patch.displayName }),
      };
      if (Object.keys(columns).length > 0) await tx.updateTable('persons').set(columns).where('id', '=', id).execute();
      if (patch.roles) {
        await tx.deleteFrom('person_roles').where('person_id', '=', id).execute();
        for (const role of new Set(patch.roles))
          await tx.insertInto('person_roles').values({ person_id: id, role }).execute();
      }
      return true;
    });
  }

  /** Deletes a person: disabled, out of every list and group, the username kept until an administrator reuses it. */
  async markDeleted(id: string): Promise<boolean> {
    const result = await this.db
      .updateTable('persons')
      .set((eb) => ({ deleted_at: new Date().toISOString(), disabled: 1, revision: eb('revision', '+', 1) }))
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await this.db.deleteFrom('memberships').where('person_id', '=', id).execute();
    return true;
  }

  /** The deleted person holding `username`, if any. */
  async deletedHolder(username: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('persons')
      .select('id')
      .where('username', '=', username)
      .where('deleted_at', 'is not', null)
      .executeTakeFirst();
    return row?.id;
  }

  /** Frees a deleted person's username for reuse: theirs becomes `<username>~deleted~<id>` (names elsewhere stay). */
  async releaseUsername(deletedId: string, username: string): Promise<void> {
    await this.db
      .updateTable('persons')
      .set({ username: `${username}~deleted~${deletedId.slice(0, 8)}` })
      .where('id', '=', deletedId)
      .where('deleted_at', 'is not', null)
      .execute();
  }

  async countAdministrators(): Promise<number> {
    const row = await this.db
      .selectFrom('person_roles')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('role', '=', 'administrator')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async createGroup(name: string, members: string[]): Promise<string> {
    const id = crypto.randomUUID();
    await this.db.transaction().execute(async (tx) => {
      await tx.insertInto('groups').values({ id, name }).execute();
      for (const person of new Set(members))
        await tx.insertInto('memberships').values({ group_id: id, person_id: person }).execute();
    });
    return id;
  }

  async addMember(groupId: string, personId: string): Promise<void> {
    await this.db.insertInto('memberships').values({ group_id: groupId, person_id: personId }).execute();
  }

  /** Recomputes the rule groups of a person whose employee fields changed. */
  applyRuleGroups(personId: string): Promise<void> {
    return applyRuleGroups(this.db, { personId });
  }

  /** At a directory or federation sign-in: membership of the groups mapped to that source follows the directory. */
  followDirectory(personId: string, source: 'ldap' | 'oidc', directoryGroups: string[]): Promise<void> {
    return followDirectory(this.db, personId, source, directoryGroups);
  }

  async groupsOf(personId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('memberships').select('group_id').where('person_id', '=', personId).execute();
    return rows.map((r) => r.group_id);
  }

  private async withRoles(row: Selectable<Database['persons']>): Promise<PersonRecord> {
    const roles = await this.db
      .selectFrom('person_roles')
      .select('role')
      .where('person_id', '=', row.id)
      .orderBy('role')
      .execute();
    return {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      roles: roles.map((r) => roleSchema.parse(r.role)),
      disabled: row.disabled === 1,
      passwordHash: row.password_hash,
      source: row.source,
      email: row.email,
      department: row.department,
      location: row.location,
      costCenter: row.cost_center,
      managerId: row.manager_id,
      revision: Number(row.revision),
      deletedAt: row.deleted_at,
    };
  }
}
