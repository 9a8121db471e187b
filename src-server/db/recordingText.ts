import { sql, type Kysely, type Transaction } from 'kysely';
import type { TypedLine } from '@shared/common/api/recordings';
import type { Database } from './schema';

/** The two text indexes of a recording: what was typed (`recording_keys`) and what the session showed (`recording_shown`). */
export type TextTable = 'recording_keys' | 'recording_shown';

/** Replaces a recording's lines in one text index (in the indexing transaction). */
export async function replaceLines(
  tx: Transaction<Database>,
  table: TextTable,
  id: string,
  lines: TypedLine[],
): Promise<void> {
  await tx.deleteFrom(table).where('recording_id', '=', id).execute();
  for (let i = 0; i < lines.length; i += 200) {
    await tx
      .insertInto(table)
      .values(lines.slice(i, i + 200).map((k) => ({ recording_id: id, at_ms: k.atMs, text: k.text })))
      .execute();
  }
}

/** The ids of recordings with a line in either text index that matches a LIKE pattern (a subquery). */
export function recordingsWithText(db: Kysely<Database>, pattern: string) {
  const matching = (table: TextTable) =>
    db
      .selectFrom(table)
      .select('recording_id')
      .where(sql`lower(text)`, 'like', sql`${pattern} escape '\\'`);
  return matching('recording_keys').union(matching('recording_shown'));
}

/** The lines of one text index of these recordings that match a LIKE pattern, by recording, in time order. */
export async function matchingLines(
  db: Kysely<Database>,
  table: TextTable,
  recordings: { id: string }[],
  pattern: string,
): Promise<Map<string, TypedLine[]>> {
  const matches = new Map<string, TypedLine[]>();
  const lines = await db
    .selectFrom(table)
    .select(['recording_id', 'at_ms', 'text'])
    .where(
      'recording_id',
      'in',
      recordings.map((r) => r.id),
    )
    .where(sql`lower(text)`, 'like', sql`${pattern} escape '\\'`)
    .orderBy('at_ms')
    .execute();
  for (const line of lines)
    matches.set(line.recording_id, [
      ...(matches.get(line.recording_id) ?? []),
      { atMs: Number(line.at_ms), text: line.text },
    ]);
  return matches;
}
