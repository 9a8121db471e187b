import type { Kysely } from 'kysely';
import { AuditLog, type AuditChange, type AuditEntry } from './auditLog';
import type { Database } from './schema';

export type { AuditChange } from './auditLog';

/** Server settings (key → JSON) and the audit log. */
export class ServerStateRepository {
  /** The audit log itself: pages, export and forwarding read it. */
  readonly log: AuditLog;

  constructor(private readonly db: Kysely<Database>) {
    this.log = new AuditLog(db);
  }

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
   * secret's change is recorded as `secret: true`, never its value), in its own column.
   */
  async audit(actor: string, action: string, target: string, changes: AuditChange[] = [], sessionId?: string) {
    await this.log.append({ actor, action, target, changes, sessionId });
  }

  /** The newest entries, newest first. */
  async auditEntries(limit = 200): Promise<AuditEntry[]> {
    return (await this.log.page({}, limit)).entries;
  }
}
