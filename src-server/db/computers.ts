import crypto from 'node:crypto';
import { sql, type Expression, type ExpressionBuilder, type Kysely, type Selectable, type SqlBool } from 'kysely';
import type {
  ComputerDetail,
  ComputerListFilter,
  ComputerPage,
  ComputerPatch,
  NewComputer,
} from '@shared/common/api/controlPlane/computerFields';
import { vncColorDepthSchema } from '@shared/common/api/controlPlane/computerFields';
import { defaultRdpSettings } from '@shared/common/api/rdpSecurity';
import { protocolSchema } from '@shared/common/api/settings';
import { computerSecurity, rdpColumns } from './rdpSecurity';
import { hasOpenJitAccount } from './jitAccounts';
import type { Database } from './schema';

type ComputerRow = Selectable<Database['computers']>;

/** The conditions a list filter puts on `computers`. */
function listConditions(eb: ExpressionBuilder<Database, 'computers'>, filter: Partial<ComputerListFilter>) {
  const all: Array<Expression<SqlBool>> = [eb('deleted_at', 'is', null)];
  const text = (filter.search ?? '').trim().toLowerCase();
  if (text) {
    const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    all.push(
      eb.or([sql<SqlBool>`lower(name) like ${like} escape '\\'`, sql<SqlBool>`lower(host) like ${like} escape '\\'`]),
    );
  }
  if (filter.protocol) all.push(eb('protocol', '=', filter.protocol));
  if (filter.tag?.trim())
    all.push(eb('id', 'in', eb.selectFrom('computer_tags').select('computer_id').where('tag', '=', filter.tag.trim())));
  return eb.and(all);
}

/** A computer's tags, distinct, in the order given. */
const distinctTags = (tags: readonly string[]) => [...new Set(tags.map((t) => t.trim()).filter(Boolean))];

/**
 * The protocol options a computer keeps: each protocol's own, the others cleared (a computer
 * that changes protocol does not keep a pinned key it can no longer use).
 */
function optionColumns(c: Pick<ComputerDetail, 'protocol' | 'rdp' | 'rdpDomain' | 'sshHostKey' | 'vncColorDepth'>) {
  return {
    ...rdpColumns(c.protocol === 'rdp' ? c.rdp : defaultRdpSettings),
    rdp_domain: c.protocol === 'rdp' && c.rdpDomain ? c.rdpDomain : null,
    ssh_host_key: c.protocol === 'ssh' ? c.sshHostKey : null,
    vnc_color_depth: c.protocol === 'vnc' ? c.vncColorDepth : null,
  };
}

/** Managed computers as the administration lists, reads, adds, edits and deletes them. */
export class ComputerRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** A page of the computers that match, by name, with how many match in all. */
  async list(filter: ComputerListFilter): Promise<ComputerPage> {
    const rows = await this.db
      .selectFrom('computers')
      .select(['id', 'name', 'protocol', 'host', 'port'])
      .where((eb) => listConditions(eb, filter))
      .orderBy('name')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute();
    const counted = await this.db
      .selectFrom('computers')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where((eb) => listConditions(eb, filter))
      .executeTakeFirstOrThrow();
    const tags = await this.tagsOf(rows.map((r) => r.id));
    return {
      computers: rows.map((r) => ({
        ...r,
        port: Number(r.port),
        protocol: protocolSchema.parse(r.protocol),
        tags: tags.get(r.id) ?? [],
      })),
      total: Number(counted.n),
      offset: filter.offset,
    };
  }

  /** Each computer's tags, sorted, by computer id. */
  private async tagsOf(ids: string[]): Promise<Map<string, string[]>> {
    const byId = new Map<string, string[]>();
    if (ids.length === 0) return byId;
    const rows = await this.db
      .selectFrom('computer_tags')
      .select(['computer_id', 'tag'])
      .where('computer_id', 'in', ids)
      .orderBy('tag')
      .execute();
    for (const row of rows) byId.set(row.computer_id, [...(byId.get(row.computer_id) ?? []), row.tag]);
    return byId;
  }

  /** A computer with every field, or null. */
  async get(id: string): Promise<ComputerDetail | null> {
    const row = await this.db
      .selectFrom('computers')
      .selectAll()
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!row) return null;
    const security = await computerSecurity(this.db, id);
    const provisioner = await this.db
      .selectFrom('jit_provisioners')
      .select(['username', 'port', 'secret_kind', 'host_key_sha256'])
      .where('computer_id', '=', id)
      .executeTakeFirst();
    return {
      ...detailOf(row),
      rdp: security?.rdp ?? defaultRdpSettings,
      tags: (await this.tagsOf([id])).get(id) ?? [],
      jitProvisioner: provisioner
        ? {
            username: provisioner.username,
            port: Number(provisioner.port),
            secretKind: provisioner.secret_kind === 'private-key' ? 'private-key' : 'password',
            hostKeySha256: provisioner.host_key_sha256,
          }
        : null,
    };
  }

  /** Adds a computer with its tags; a name already taken fails with the database's unique error. */
  async create(input: NewComputer): Promise<string> {
    const id = crypto.randomUUID();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('computers')
        .values({
          id,
          name: input.name,
          protocol: input.protocol,
          host: input.host,
          port: input.port,
          jit_enabled: input.jitEnabled ? 1 : 0,
          recording: input.recording ? 1 : 0,
          live_monitoring: input.liveMonitoring ? 1 : 0,
          ...optionColumns({
            protocol: input.protocol,
            rdp: input.rdp ?? defaultRdpSettings,
            rdpDomain: input.rdpDomain ?? null,
            sshHostKey: input.sshHostKey ?? null,
            vncColorDepth: input.vncColorDepth ?? null,
          }),
        })
        .execute();
      for (const tag of distinctTags(input.tags))
        await tx.insertInto('computer_tags').values({ computer_id: id, tag }).execute();
    });
    return id;
  }

  /**
   * Applies an edit on the revision it was read at, moving the revision on; null when the
   * computer is at another revision (or gone). `before` is the computer as read.
   */
  async update(before: ComputerDetail, patch: ComputerPatch): Promise<boolean> {
    const after = { ...before, ...definedOf(patch) };
    return this.db.transaction().execute(async (tx) => {
      const result = await tx
        .updateTable('computers')
        .set({
          name: after.name,
          protocol: after.protocol,
          host: after.host,
          port: after.port,
          jit_enabled: after.jitEnabled ? 1 : 0,
          recording: after.recording ? 1 : 0,
          live_monitoring: after.liveMonitoring ? 1 : 0,
          ...optionColumns(after),
          revision: before.revision + 1,
        })
        .where('id', '=', before.id)
        .where('revision', '=', patch.revision)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      if (patch.tags) {
        await tx.deleteFrom('computer_tags').where('computer_id', '=', before.id).execute();
        for (const tag of distinctTags(patch.tags))
          await tx.insertInto('computer_tags').values({ computer_id: before.id, tag }).execute();
      }
      return true;
    });
  }

  /**
   * Deletes a computer, keeping its audit evidence: the row stays, marked deleted and renamed
   * (freeing its name), so its sessions, recordings and JIT accounts still name it. Its tags,
   * policy entries, shared credentials (every sealed version) and JIT provisioning account go.
   * False when there is no live computer with that id.
   */
  async remove(id: string, at = new Date()): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      const row = await tx
        .selectFrom('computers')
        .select('name')
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (!row) return false;
      const result = await tx
        .updateTable('computers')
        .set({ deleted_at: at.toISOString(), name: deletedName(row.name, id, at) })
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      const credentials = tx.selectFrom('shared_credentials').select('id').where('computer_id', '=', id);
      await tx.deleteFrom('shared_credential_versions').where('credential_id', 'in', credentials).execute();
      await tx.deleteFrom('shared_credentials').where('computer_id', '=', id).execute();
      // A JIT account still on the computer is removed with the provisioning account: it stays until then (jitAccounts.ts).
      if (!(await hasOpenJitAccount(tx, id)))
        await tx.deleteFrom('jit_provisioners').where('computer_id', '=', id).execute();
      await tx.deleteFrom('policy_computers').where('computer_id', '=', id).execute();
      await tx.deleteFrom('computer_tags').where('computer_id', '=', id).execute();
      return true;
    });
  }
}

/** The longest computer name the database keeps. */
const nameColumnLength = 200;

/**
 * A deleted computer's name: `<name> (deleted <day> <id's first 8>)`, shortened to fit the
 * column, so the live name is free again and the Recordings list still says which computer it was.
 */
function deletedName(name: string, id: string, at: Date): string {
  const suffix = ` (deleted ${at.toISOString().slice(0, 10)} ${id.slice(0, 8)})`;
  return `${name.slice(0, nameColumnLength - suffix.length)}${suffix}`;
}

/** The patch's fields that are set (undefined means "unchanged"), without its revision. */
function definedOf(patch: ComputerPatch): Partial<ComputerDetail> {
  const { revision: _, ...fields } = patch;
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<ComputerDetail>;
}

/** A row's own fields as the administration shows them (tags, RDP settings and provisioner read apart). */
function detailOf(row: ComputerRow) {
  const depth = vncColorDepthSchema.safeParse(row.vnc_color_depth === null ? null : Number(row.vnc_color_depth));
  return {
    id: row.id,
    name: row.name,
    protocol: protocolSchema.parse(row.protocol),
    host: row.host,
    port: Number(row.port),
    jitEnabled: Number(row.jit_enabled) === 1,
    recording: Number(row.recording) === 1,
    liveMonitoring: Number(row.live_monitoring) === 1,
    rdpDomain: row.rdp_domain,
    sshHostKey: row.ssh_host_key,
    vncColorDepth: depth.success ? depth.data : null,
    revision: Number(row.revision),
  };
}
