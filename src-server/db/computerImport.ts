import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CsvComputer } from '@shared/common/api/controlPlane/computerTools';
import { OpenPsmError } from '@shared/common/errors';
import type { Database } from './schema';

/**
 * Rows per INSERT: 500 computers (8 values each) and 1,000 tags (2 each) stay far below
 * SQLite's 32,766 and PostgreSQL's 65,535 bound parameters, and 5,000 computers take ten
 * statements instead of 5,000.
 */
const computerBatch = 500;
const tagBatch = 1000;

/** Every computer name in lower case, for the import's "already exists" check (names compare ignoring case). */
export async function takenComputerNames(db: Kysely<Database>): Promise<Set<string>> {
  const rows = await db.selectFrom('computers').select('name').execute();
  return new Set(rows.map((r) => r.name.toLowerCase()));
}

function inBatches<T>(items: T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}

/** A unique-constraint failure (SQLite or PostgreSQL): someone added a computer of the same name meanwhile. */
function isUniqueViolation(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return (
    code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint|duplicate key/i.test(message ?? '')
  );
}

/**
 * Adds the computers with their tags in ONE transaction, in batches: all of them or, on any
 * failure, none. New computers take the defaults of the form (JIT off, RDP negotiated and
 * verified, no pinned host key). Returns how many were added.
 */
export async function insertImportedComputers(db: Kysely<Database>, computers: CsvComputer[]): Promise<number> {
  const rows = computers.map((c) => ({
    id: crypto.randomUUID(),
    name: c.name,
    protocol: c.protocol,
    host: c.host,
    port: c.port,
    jit_enabled: 0,
    recording: c.recording ? 1 : 0,
    live_monitoring: c.liveMonitoring ? 1 : 0,
    rdp_domain: null,
    ssh_host_key: null,
    vnc_color_depth: null,
  }));
  const tags = rows.flatMap((row, i) => (computers[i]?.tags ?? []).map((tag) => ({ computer_id: row.id, tag })));
  try {
    await db.transaction().execute(async (tx) => {
      for (const batch of inBatches(rows, computerBatch)) await tx.insertInto('computers').values(batch).execute();
      for (const batch of inBatches(tags, tagBatch)) await tx.insertInto('computer_tags').values(batch).execute();
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new OpenPsmError('CONFLICT', {
      message:
        'Nothing was imported: a computer with one of these names was added while the import ran. Import the file again to see which line.',
    });
  }
  return rows.length;
}
