import { sessionAuthorizationSchema } from '@shared/common/api/controlPlane/authorizationPlugins';
import crypto from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type {
  Recording,
  RecordingFilter,
  RecordingMark,
  RecordingStatus,
  TypedLine,
} from '@shared/common/api/recordings';
import type { Protocol } from '@shared/common/api/settings';
import { matchingLines, recordingsWithText, replaceLines } from './recordingText';
import type { Database } from './schema';

/** A recording row as the uploader needs it. */
export interface RecordingRow {
  id: string;
  sessionId: string;
  fileName: string;
  status: RecordingStatus;
  store: string | null;
  bytes: number | null;
  sha256: string | null;
  attempts: number;
  /** The sizes of its typescript files when it was indexed (null: none, or indexed before they were kept). */
  typescriptBytes: number | null;
  timingBytes: number | null;
}

const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Any of the columns contains the text, case-insensitively (a LIKE with its wildcards escaped). */
const containsAny = (columns: string[], text: string) => {
  const pattern = likePattern(text);
  const each = columns.map((c) => sql`lower(${sql.ref(c)}) like ${pattern} escape '\\'`);
  return sql<boolean>`(${sql.join(each, sql` or `)})`;
};

/** The recordings (one row per file guacd wrote) and their keystroke index. */
export class RecordingRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Registers the file a session is recorded into, as soon as the session starts; the id already there when it was. */
  async add(input: {
    sessionId: string;
    fileName: string;
    personId: string;
    computerId: string;
    startedAt?: string;
  }): Promise<string> {
    const existing = await this.db
      .selectFrom('recordings')
      .select('id')
      .where('file_name', '=', input.fileName)
      .executeTakeFirst();
    if (existing) return existing.id;
    const id = crypto.randomUUID();
    await this.db
      .insertInto('recordings')
      .values({
        id,
        session_id: input.sessionId,
        file_name: input.fileName,
        person_id: input.personId,
        computer_id: input.computerId,
        started_at: input.startedAt ?? new Date().toISOString(),
        status: 'recording',
      })
      .execute();
    return id;
  }

  async byFile(fileName: string): Promise<RecordingRow | null> {
    const row = await this.db.selectFrom('recordings').selectAll().where('file_name', '=', fileName).executeTakeFirst();
    return row ? toRow(row) : null;
  }

  async byId(id: string): Promise<RecordingRow | null> {
    const row = await this.db.selectFrom('recordings').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRow(row) : null;
  }

  /** Who and what a recording is of, for another file of the same session. */
  async sessionOf(id: string): Promise<{ personId: string; computerId: string; startedAt: string } | null> {
    const row = await this.db
      .selectFrom('recordings')
      .select(['person_id', 'computer_id', 'started_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? { personId: row.person_id, computerId: row.computer_id, startedAt: row.started_at } : null;
  }

  /** The protocol of the computer a recording is of (the indexer hides secrets by it). */
  async protocolOf(id: string): Promise<Protocol | null> {
    const row = await this.db
      .selectFrom('recordings as r')
      .innerJoin('computers as c', 'c.id', 'r.computer_id')
      .select('c.protocol')
      .where('r.id', '=', id)
      .executeTakeFirst();
    return row ? (row.protocol as Protocol) : null;
  }

  /** Rows in a status (the uploader's start-up sweep). */
  async withStatus(status: RecordingStatus): Promise<RecordingRow[]> {
    return (await this.db.selectFrom('recordings').selectAll().where('status', '=', status).execute()).map(toRow);
  }

  /** Records what one pass over the finished file found: hash, size, length, marks, the typed lines and the lines it showed. */
  async indexed(
    id: string,
    found: {
      sha256: string;
      bytes: number;
      durationMs: number;
      marks: RecordingMark[];
      keys: TypedLine[];
      shown: TypedLine[];
      typescriptBytes?: number | null;
      timingBytes?: number | null;
      typedWithheld?: boolean;
    },
  ): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('recordings')
        .set({
          status: 'uploading',
          ended_at: sql<string>`coalesce(ended_at, ${new Date().toISOString()})`,
          sha256: found.sha256,
          bytes: found.bytes,
          duration_ms: found.durationMs,
          marks: JSON.stringify(found.marks),
          typescript_bytes: found.typescriptBytes ?? null,
          timing_bytes: found.timingBytes ?? null,
          typed_withheld: found.typedWithheld ? 1 : 0,
        })
        .where('id', '=', id)
        .execute();
      await replaceLines(tx, 'recording_keys', id, found.keys);
      await replaceLines(tx, 'recording_shown', id, found.shown);
    });
  }

  async setStatus(
    id: string,
    status: RecordingStatus,
    update: { store?: string; attempts?: number; error?: string | null } = {},
  ): Promise<void> {
    await this.db
      .updateTable('recordings')
      .set({
        status,
        ...(update.store !== undefined ? { store: update.store } : {}),
        ...(update.attempts !== undefined ? { attempts: update.attempts } : {}),
        ...(update.error !== undefined ? { error: update.error } : {}),
      })
      .where('id', '=', id)
      .execute();
  }

  async sessionEnded(sessionId: string): Promise<void> {
    await this.db
      .updateTable('recordings')
      .set({ ended_at: new Date().toISOString() })
      .where('session_id', '=', sessionId)
      .where('ended_at', 'is', null)
      .execute();
  }

  /** The marks and typed lines the player starts from; null when the recording is not indexed yet. */
  async playerIndex(id: string): Promise<{
    durationMs: number;
    bytes: number;
    marks: RecordingMark[];
    keys: TypedLine[];
    typedWithheld: boolean;
  } | null> {
    const row = await this.db
      .selectFrom('recordings')
      .select(['duration_ms', 'bytes', 'marks', 'typed_withheld'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row || row.marks === null) return null;
    const keys = await this.db
      .selectFrom('recording_keys')
      .select(['at_ms', 'text'])
      .where('recording_id', '=', id)
      .orderBy('at_ms')
      .execute();
    return {
      durationMs: Number(row.duration_ms ?? 0),
      bytes: Number(row.bytes ?? 0),
      marks: JSON.parse(row.marks) as RecordingMark[],
      keys: keys.map((k) => ({ atMs: Number(k.at_ms), text: k.text })),
      typedWithheld: Number(row.typed_withheld) === 1,
    };
  }

  /** Recordings matching every given filter, newest first (at most 200); a text filter adds the matching lines. */
  async search(filter: RecordingFilter, onlyId?: string): Promise<Recording[]> {
    let query = this.db
      .selectFrom('recordings as r')
      .innerJoin('persons as p', 'p.id', 'r.person_id')
      .innerJoin('computers as c', 'c.id', 'r.computer_id')
      .leftJoin('sessions as s', 's.id', 'r.session_id')
      .leftJoin('access_requests as ar', 'ar.id', 's.request_id')
      .select([
        'ar.id as request_id',
        'ar.reason as request_reason',
        'ar.ticket_id as request_ticket',
        's.authorization',
        'r.id',
        'r.session_id',
        'r.file_name',
        'p.username',
        'p.display_name',
        'c.name as computer_name',
        'c.protocol',
        'r.started_at',
        'r.ended_at',
        'r.status',
        'r.store',
        'r.duration_ms',
        'r.bytes',
        'r.sha256',
        'r.attempts',
        'r.error',
      ]);
    if (onlyId) query = query.where('r.id', '=', onlyId);
    if (filter.person) query = query.where(containsAny(['p.username', 'p.display_name'], filter.person));
    if (filter.computer) query = query.where(containsAny(['c.name'], filter.computer));
    if (filter.from) query = query.where('r.started_at', '>=', `${filter.from}T00:00:00`);
    if (filter.to) query = query.where('r.started_at', '<=', `${filter.to}T23:59:59.999Z`);
    if (filter.ticket) query = query.where(containsAny(['s.authorization_text', 'ar.ticket_id'], filter.ticket));
    const text = filter.text ? likePattern(filter.text) : null;
    if (text) query = query.where('r.id', 'in', recordingsWithText(this.db, text));
    const rows = await query.orderBy('r.started_at', 'desc').limit(200).execute();
    const none = new Map<string, TypedLine[]>();
    const matches = text && rows.length > 0 ? await matchingLines(this.db, 'recording_keys', rows, text) : none;
    const shown = text && rows.length > 0 ? await matchingLines(this.db, 'recording_shown', rows, text) : none;
    return rows.map((r) => ({
      id: r.id,
      sessionId: r.session_id,
      fileName: r.file_name,
      username: r.username,
      displayName: r.display_name,
      computerName: r.computer_name,
      protocol: r.protocol as Protocol,
      startedAt: r.started_at,
      endedAt: r.ended_at,
      status: r.status as RecordingStatus,
      store: r.store as Recording['store'],
      durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
      bytes: r.bytes === null ? null : Number(r.bytes),
      sha256: r.sha256,
      attempts: Number(r.attempts),
      error: r.error,
      accessRequest: r.request_id
        ? { id: r.request_id, reason: r.request_reason ?? '', ticketId: r.request_ticket }
        : null,
      authorization: r.authorization ? sessionAuthorizationSchema.parse(JSON.parse(r.authorization)) : null,
      ...(text ? { matches: matches.get(r.id) ?? [], shown: shown.get(r.id) ?? [] } : {}),
    }));
  }
}

function toRow(row: Selectable<Database['recordings']>): RecordingRow {
  return {
    id: row.id,
    sessionId: row.session_id,
    fileName: row.file_name,
    status: row.status as RecordingStatus,
    store: row.store,
    bytes: row.bytes === null ? null : Number(row.bytes),
    sha256: row.sha256,
    attempts: Number(row.attempts),
    typescriptBytes: row.typescript_bytes === null ? null : Number(row.typescript_bytes),
    timingBytes: row.timing_bytes === null ? null : Number(row.timing_bytes),
  };
}
