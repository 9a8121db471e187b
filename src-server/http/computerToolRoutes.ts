import type { Kysely } from 'kysely';
import { computerToolsApi, type ConnectionTestInput } from '@shared/common/api/controlPlane/computerTools';
import { readComputerCsv, type CsvRefusal } from '@shared/common/computerCsv';
import { OpenPsmError } from '@shared/common/errors';
import { testConnection } from '@shared/node/connectionTest';
import { insertImportedComputers, takenComputerNames } from '../db/computerImport';
import type { ServerTimers } from '../config';
import type { Database } from '../db/schema';
import type { ServerStateRepository } from '../db/serverState';
import type { LimitSettings } from '../limits/limitSettings';
import { RequestRate } from '../limits/requestRate';
import { route, type Route } from './router';

export interface ComputerToolRouteDeps {
  db: Kysely<Database>;
  state: ServerStateRepository;
  /** `computerTestSeconds`: how long one Test connection may take. */
  timers: Pick<ServerTimers, 'computerTestSeconds'>;
  /** Tests per administrator per minute (as many at once; 0: no limit), and the import's size limits. */
  limits: Pick<LimitSettings, 'computerTestsPerMinute' | 'computerImportMaxLines' | 'computerImportMaxBytes'>;
}

/** The most refused lines one answer lists (the message says how many there are in all). */
const listedRefusals = 200;

/** The refusal of a bad CSV: every refused line as a field `<line>.<field>`, at most `listedRefusals`. */
function refused(refusals: CsvRefusal[]): OpenPsmError {
  const lines = new Set(refusals.map((r) => r.line)).size;
  const listed = refusals.length > listedRefusals ? ` (the first ${listedRefusals} problems are listed)` : '';
  return new OpenPsmError('IMPORT_REFUSED', {
    message: `Nothing was imported: ${lines} ${lines === 1 ? 'line is' : 'lines are'} refused${listed}. Fix them and import again.`,
    fields: refusals.slice(0, listedRefusals).map((r) => ({ path: `${r.line}.${r.field}`, message: r.message })),
  });
}

function tooLarge(what: string): OpenPsmError {
  return new OpenPsmError('IMPORT_TOO_LARGE', {
    message: `The CSV is larger than the server imports at once (${what}). Split it into smaller files and import them one after the other.`,
  });
}

/** The saved computer's name for the audit, or NOT_FOUND when the id names none. */
async function testedName(db: Kysely<Database>, input: ConnectionTestInput): Promise<string> {
  if (!input.computerId) return `${input.protocol} ${input.host}:${input.port}`;
  const found = await db.selectFrom('computers').select('name').where('id', '=', input.computerId).executeTakeFirst();
  if (!found) throw new OpenPsmError('NOT_FOUND', { message: 'There is no computer with that id.' });
  return `${found.name} (${input.protocol} ${input.host}:${input.port})`;
}

/** Test connection (rate-limited per administrator, audited) and the all-or-nothing CSV import. */
export function computerToolRoutes(deps: ComputerToolRouteDeps): Route[] {
  const { db, state, limits } = deps;
  const perMinute = limits.computerTestsPerMinute;
  const rate = new RequestRate(perMinute, Math.max(1, perMinute));
  const importRoute = route({
    spec: computerToolsApi.import,
    handler: async ({ body, caller }) => {
      const bytes = Buffer.byteLength(body.csv, 'utf8');
      if (bytes > limits.computerImportMaxBytes)
        throw tooLarge(`${bytes} bytes; at most ${limits.computerImportMaxBytes}`);
      const csv = readComputerCsv(body.csv, await takenComputerNames(db));
      if (csv.lines > limits.computerImportMaxLines)
        throw tooLarge(`${csv.lines} lines; at most ${limits.computerImportMaxLines}`);
      if (csv.refusals.length > 0) throw refused(csv.refusals);
      const imported = await insertImportedComputers(db, csv.computers);
      await state.audit(caller.username, 'computer.import', `${imported} computers from CSV`, [
        { field: 'computers', before: null, after: imported },
      ]);
      return { imported };
    },
  });
  return [
    route({
      spec: computerToolsApi.test,
      handler: async ({ body, caller }) => {
        const wait = rate.take(caller.personId);
        if (wait !== null) throw new OpenPsmError('COMPUTER_TESTS_LIMITED', { retryAfterSeconds: wait });
        const target = await testedName(db, body);
        try {
          const result = await testConnection(body, deps.timers.computerTestSeconds * 1000);
          await state.audit(caller.username, 'computer.test', `${target}: ${result.summary}`);
          return result;
        } catch (error) {
          const code = error instanceof OpenPsmError ? error.code : 'INTERNAL';
          await state.audit(caller.username, 'computer.test', `${target}: failed (${code})`);
          throw error;
        }
      },
    }),
    // The body is JSON-escaped CSV (or the CSV itself): up to twice the CSV's bytes, and a little.
    { ...importRoute, maxBodyBytes: limits.computerImportMaxBytes * 2 + 4096 },
  ];
}
