import { sql, type Kysely } from 'kysely';
import type { Database } from './schema';

/** One field an administrator changed: its value before and after, or only that it changed for a secret. */
export type AuditChange = { field: string; before: unknown; after: unknown } | { field: string; secret: true };

/** An audit entry as the API shows it. */
export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  changes: AuditChange[];
  sessionId: string | null;
}

/** Where a page ends: the last entry's time and id (the order is time, then id, newest first). */
export interface AuditCursor {
  at: string;
  id: number;
}

/** A cursor as the API carries it: `<at>|<id>`. */
export const cursorText = (c: AuditCursor) => `${c.at}|${c.id}`;

/** A cursor read back; undefined for text this server did not give. */
export function cursorOf(text: string | undefined): AuditCursor | undefined {
  const match = text ? /^([0-9T:.Z-]{10,32})\|([0-9]{1,15})$/.exec(text) : null;
  return match ? { at: match[1] as string, id: Number(match[2]) } : undefined;
}

/** What the audit page filters by; every field optional. `before` is the cursor: entries older than it. */
export interface AuditFilter {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  target?: string;
  session?: string;
  before?: AuditCursor;
}

type Row = Database['audit_log'] & { id: number };

/** The changes column, read back; a damaged value reads as none. */
function changesOf(text: string | null): AuditChange[] {
  if (!text) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? (parsed as AuditChange[]) : [];
  } catch {
    return [];
  }
}

export function entryOf(row: Row): AuditEntry {
  return {
    id: Number(row.id),
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    changes: changesOf(row.changes),
    sessionId: row.session_id,
  };
}

/** A secret's value never reaches the log: only its field name, marked as changed. */
function storedChanges(changes: AuditChange[]): string | null {
  if (changes.length === 0) return null;
  return JSON.stringify(
    changes.map((c) =>
      'secret' in c ? { field: c.field, secret: true } : { field: c.field, before: c.before, after: c.after },
    ),
  );
}

const likeText = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The audit log: appended by every change, read newest first in keyset pages, streamed for export and forwarding. */
export class AuditLog {
  constructor(private readonly db: Kysely<Database>) {}

  async append(entry: { actor: string; action: string; target: string; changes?: AuditChange[]; sessionId?: string }) {
    await this.db
      .insertInto('audit_log')
      .values({
        at: new Date().toISOString(),
        actor: entry.actor.slice(0, 200),
        action: entry.action.slice(0, 100),
        target: entry.target.slice(0, 300),
        changes: storedChanges(entry.changes ?? []),
        session_id: entry.sessionId ?? null,
      })
      .execute();
  }

  /** One page, newest first, after the cursor; `nextCursor` is null on the last page. */
  async page(filter: AuditFilter, limit: number): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
    const rows = (await this.filtered(filter)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute()) as Row[];
    const entries = rows.slice(0, limit).map(entryOf);
    const last = entries.at(-1);
    return { entries, nextCursor: rows.length > limit && last ? cursorText(last) : null };
  }

  /** Every entry the filter matches, newest first, read in keyset batches (memory stays flat). */
  async *stream(filter: AuditFilter, batch = 5000): AsyncGenerator<AuditEntry> {
    let before = filter.before;
    for (;;) {
      const rows = (await this.filtered({ ...filter, before })
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(batch)
        .execute()) as Row[];
      for (const row of rows) yield entryOf(row);
      if (rows.length < batch) return;
      const last = rows[rows.length - 1] as Row;
      before = { at: last.at, id: Number(last.id) };
    }
  }

  /** Entries after `id`, oldest first: what forwarding sends next. */
  async after(id: number, limit: number): Promise<AuditEntry[]> {
    const rows = await this.db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '>', id)
      .orderBy('id', 'asc')
      .limit(limit)
      .execute();
    return (rows as Row[]).map(entryOf);
  }

  /** How many entries come after `id`. */
  async countAfter(id: number): Promise<number> {
    const row = await this.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('id', '>', id)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** The newest entry's id (0 when the log is empty). */
  async newestId(): Promise<number> {
    const row = await this.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirst();
    return Number(row?.id ?? 0);
  }

  private filtered(f: AuditFilter) {
    let q = this.db.selectFrom('audit_log').selectAll();
    // One upper bound only, the tighter of the cursor and `to`: given both, SQLite bounds its index
    // range by one and filters the other row by row (65 ms over a million rows when the cursor
    // lies past the range). When `to` is the tighter, every row under it is before the cursor.
    const before = f.before && !(f.to && f.to <= f.before.at) ? f.before : undefined;
    if (before) q = q.where('at', '<=', before.at).where(sql<boolean>`(at, id) < (${before.at}, ${before.id})`);
    else if (f.to) q = q.where('at', '<', f.to);
    if (f.from) q = q.where('at', '>=', f.from);
    if (f.actor) q = q.where('actor', '=', f.actor);
    if (f.action) q = q.where('action', '=', f.action);
    if (f.session) q = q.where('session_id', '=', f.session);
    if (f.target) q = q.where('target', 'like', likeText(f.target));
    return q;
  }
}
