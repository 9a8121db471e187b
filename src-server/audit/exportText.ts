import type { AuditEntry, AuditFilter } from '../db/auditLog';

/** What a cell may hold for it to need quoting or defusing (most cells hold none of it). */
const needsCare = /^[=+\-@\t\r]|[",\r\n]/;

const csvColumns = ['id', 'at', 'actor', 'action', 'target', 'session', 'changes'];

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break; a cell a
 * spreadsheet would run as a formula (=, +, -, @ first) starts with `'`.
 */
export function csvCell(value: string): string {
  if (!needsCare.test(value)) return value;
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(e: AuditEntry): string {
  const cells = [
    String(e.id),
    e.at,
    e.actor,
    e.action,
    e.target,
    e.sessionId ?? '',
    e.changes.length ? JSON.stringify(e.changes) : '',
  ];
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export const jsonLine = (e: AuditEntry): string => `${JSON.stringify(e)}\n`;

/** The export's text in pieces of up to `per` lines: CSV starts with its header line. */
export async function* exportPieces(
  entries: AsyncIterable<AuditEntry>,
  format: 'csv' | 'jsonl',
  per = 1000,
): AsyncGenerator<string> {
  const line = format === 'csv' ? csvLine : jsonLine;
  let piece = format === 'csv' ? `${csvColumns.join(',')}\r\n` : '';
  let count = 0;
  for await (const entry of entries) {
    piece += line(entry);
    count += 1;
    if (count % per === 0) {
      yield piece;
      piece = '';
    }
  }
  if (piece) yield piece;
}

/** The query's filters as the audit log reads them. */
export function filterOf(q: {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  target?: string;
  session?: string;
}): AuditFilter {
  return { from: q.from, to: q.to, actor: q.actor, action: q.action, target: q.target, session: q.session };
}
