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

  async audit(actor: string, action: string, target: string): Promise<void> {
    await this.db.insertInto('audit_log').values({ at: new Date().toISOString(), actor, action, target }).execute();
  }

  async auditEntries(
    limit = 200,
  ): Promise<Array<{ id: number; at: string; actor: string; action: string; target: string }>> {
    const rows = await this.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({ ...r, id: Number(r.id) }));
  }
}
