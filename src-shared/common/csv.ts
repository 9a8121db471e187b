/**
 * A small CSV reader and writer (RFC 4180): fields separated by commas, records by CRLF or LF,
 * a field in double quotes may hold commas, quotes (doubled) and line breaks. A leading byte
 * order mark is dropped. Used by the computers' CSV import; the package has no CSV dependency.
 */

/** One record: its cells, and the line of the text it starts on (1-based; a quoted line break spans lines). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/** Where the text stops being CSV: the line and what is wrong. */
export interface CsvSyntaxProblem {
  line: number;
  message: string;
}

/** The records read; `problem` is set when the text broke the format there (the records before it are kept). */
export interface CsvText {
  records: CsvRecord[];
  problem?: CsvSyntaxProblem;
}

/** The reader's position and the record being built. */
interface Cursor {
  text: string;
  at: number;
  line: number;
}

/** Reads a quoted field from just after its opening quote; returns its value or a problem. */
function quotedField(c: Cursor): string | CsvSyntaxProblem {
  const startLine = c.line;
  let value = '';
  for (;;) {
    const close = c.text.indexOf('"', c.at);
    if (close < 0) return { line: startLine, message: 'a quoted field is never closed (a " is missing)' };
    const chunk = c.text.slice(c.at, close);
    value += chunk;
    c.line += countBreaks(chunk);
    if (c.text[close + 1] === '"') {
      value += '"';
      c.at = close + 2;
      continue;
    }
    c.at = close + 1;
    const next = c.text[c.at];
    if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r')
      return { line: c.line, message: 'a quoted field has text after its closing quote (write "" for a quote inside)' };
    return value;
  }
}

function countBreaks(chunk: string): number {
  let breaks = 0;
  for (let i = 0; i < chunk.length; i += 1) {
    if (chunk[i] === '\n') breaks += 1;
    else if (chunk[i] === '\r' && chunk[i + 1] !== '\n') breaks += 1;
  }
  return breaks;
}

/** Reads an unquoted field up to the next comma or line break. */
function plainField(c: Cursor): string | CsvSyntaxProblem {
  const start = c.at;
  while (c.at < c.text.length) {
    const ch = c.text[c.at];
    if (ch === ',' || ch === '\n' || ch === '\r') break;
    if (ch === '"') return { line: c.line, message: 'a field has a " inside it without being quoted as a whole' };
    c.at += 1;
  }
  return c.text.slice(start, c.at);
}

/** Steps over a record's line break (CRLF, LF or CR); false at the end of the text. */
function endOfRecord(c: Cursor): boolean {
  if (c.at >= c.text.length) return false;
  if (c.text[c.at] === '\r' && c.text[c.at + 1] === '\n') c.at += 2;
  else c.at += 1;
  c.line += 1;
  return true;
}

/**
 * Reads CSV text into records. Blank lines are skipped (they hold no record); a trailing line
 * break ends the last record. Stops at the first syntax problem, which names its line.
 */
export function parseCsv(input: string): CsvText {
  const c: Cursor = { text: input.startsWith('\uFEFF') ? input.slice(1) : input, at: 0, line: 1 };
  const records: CsvRecord[] = [];
  while (c.at < c.text.length) {
    const line = c.line;
    const blank = c.text[c.at] === '\n' || c.text[c.at] === '\r';
    const cells: string[] = [];
    for (;;) {
      const field = c.text[c.at] === '"' ? (c.at++, quotedField(c)) : plainField(c);
      if (typeof field !== 'string') return { records, problem: field };
      cells.push(field);
      if (c.text[c.at] !== ',') break;
      c.at += 1;
    }
    if (!blank) records.push({ line, cells });
    if (!endOfRecord(c)) break;
  }
  return { records };
}

/** One cell as CSV writes it: quoted when it holds a comma, a quote, a line break or edge spaces. */
export function formatCsvCell(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Records as CSV text, one line each, ending with a line break. */
export function formatCsv(rows: string[][]): string {
  const line = (cells: string[]) => (cells.length === 1 && cells[0] === '' ? '""' : cells.map(formatCsvCell).join(','));
  return rows.map(line).join('\n') + '\n';
}
