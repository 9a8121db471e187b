import type { Kysely } from 'kysely';
import type { Database } from './schema';

/** Server settings (key → JSON) and the audit log. */
export class ServerStateRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async getSetting<T>(key: string, fallback: T): Promise<T> {
    const row = await this.db.selectFrom('server_settings').select('value').where('key', '=', key).executeTakeFirst();
    return row ? (JSON.parse(row.value) as T) : fallback;
  }

  async setSetting(key: string, value: unknown): Promise<void> {
    const text = JSON.stringify(value);
    await this.db
      .insertInto('server_settings')
      .values({ key, value: text })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: text }))
      .execute();
  }

  /**
   * Appends an audit entry. An edit passes what it changed: each field before and after (a
   * secret's change is recorded as `secret: true`, never its value). Until the audit log has a
   * column for them, the changes are written after the target.
   */
  async audit(actor: string, action: string, target: string, changes: AuditChange[] = []): Promise<void> {
    const text = changes.length === 0 ? target : `${target} (${changes.map(changeText).join('; ')})`;
    await this.db
      .insertInto('audit_log')
      .values({ at: new Date().toISOString(), actor, action, target: text.slice(0, 300) })
      .execute();
  }

  async auditEntries(
    limit = 200,
  ): Promise<Array<{ id: number; at: string; actor: string; action: string; target: string }>> {
    const rows = await this.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({ ...r, id: Number(r.id) }));
  }
}

/** One field an administrator changed: its value before and after, or only that it changed for a secret. */
export type AuditChange = { field: string; before: unknown; after: unknown } | { field: string; secret: true };

function changeText(change: AuditChange): string {
  return 'secret' in change
    ? `${change.field} changed`
    : `${change.field}: ${JSON.stringify(change.before)} → ${JSON.stringify(change.after)}`;
}
