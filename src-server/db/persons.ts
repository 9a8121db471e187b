import crypto from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Role } from '@shared/common/api/controlPlane/basics';
import type { EmployeeField } from '@shared/common/api/controlPlane/groups';
import type { Person } from '@shared/common/api/controlPlane/persons';
import { roleSchema } from '@shared/common/api/controlPlane/basics';
import { applyRuleGroups, employeeColumns, followDirectory } from './groupSync';
import type { Database } from './schema';

type EmployeePatch = Partial<Record<EmployeeField, string | null | undefined>>;

/** The employee columns an edit sets ('' clears one). */
function employeeUpdate(patch: EmployeePatch): Partial<Record<(typeof employeeColumns)[EmployeeField], string | null>> {
  const entries = (Object.keys(employeeColumns) as EmployeeField[])
    .filter((f) => patch[f] !== undefined)
    .map((f) => [employeeColumns[f], patch[f] ? patch[f] : null]);
  return Object.fromEntries(entries);
}

export interface PersonRecord extends Person {
  passwordHash: string;
  /** local, ldap or oidc: who checks this person's sign-in. */
  source: string;
}

/** Persons, their roles, groups and memberships. */
export class PersonRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(input: { username: string; displayName: string; passwordHash: string; roles: Role[] }): Promise<Person> {
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
    const row = await this.db.selectFrom('persons').selectAll().where('username', '=', username).executeTakeFirst();
    return row ? this.withRoles(row) : undefined;
  }

  /**
   * The person a directory or external issuer vouched for, created on first sign-in and
   * kept in step with its name and roles at each sign-in. Throws CONFLICT-like errors
   * when the username belongs to someone else (e.g. a local account).
   */
  async upsertExternal(
    source: 'ldap' | 'oidc',
    externalId: string,
    username: string,
    displayName: string,
    roles: Role[],
  ): Promise<PersonRecord> {
    const existing = await this.db
      .selectFrom('persons')
      .selectAll()
      .where('source', '=', source)
      .where('external_id', '=', externalId)
      .executeTakeFirst();
    if (existing) {
      await this.update(existing.id, { displayName, roles });
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
    const rows = await this.db.selectFrom('persons').selectAll().orderBy('username').execute();
    const people = await Promise.all(rows.map((r) => this.withRoles(r)));
    return people.map(({ passwordHash: _omit, source: _source, ...person }) => person);
  }

  async update(
    id: string,
    patch: {
      disabled?: boolean | undefined;
      roles?: Role[] | undefined;
      displayName?: string | undefined;
    } & EmployeePatch,
  ): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      const exists = await tx.selectFrom('persons').select('id').where('id', '=', id).executeTakeFirst();
      if (!exists) return false;
      if (patch.disabled !== undefined)
        await tx
          .updateTable('persons')
          .set({ disabled: patch.disabled ? 1 : 0 })
          .where('id', '=', id)
          .execute();
      const employee = employeeUpdate(patch);
      if (Object.keys(employee).length > 0)
        await tx.updateTable('persons').set(employee).where('id', '=', id).execute();
      if (patch.displayName !== undefined)
        await tx.updateTable('persons').set({ display_name: patch.displayName }).where('id', '=', id).execute();
      if (patch.roles) {
        await tx.deleteFrom('person_roles').where('person_id', '=', id).execute();
        for (const role of new Set(patch.roles))
          await tx.insertInto('person_roles').values({ person_id: id, role }).execute();
      }
      return true;
    });
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
    };
  }
}
