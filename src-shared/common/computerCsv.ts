import {
  computerImportColumns,
  csvComputerSchema,
  type ComputerImportColumn,
  type CsvComputer,
} from './api/controlPlane/computerTools';
import { parseCsv, type CsvRecord } from './csv';

/** One refused line of a computers CSV: its line number (1 is the header), the field to blame, and why. */
export interface CsvRefusal {
  line: number;
  /** A column name, or `columns` (the header), `cells` (the line's shape) or `file`. */
  field: string;
  message: string;
}

/** A computers CSV read and checked: the computers of its good lines, each with its line, and every refusal. */
export interface ComputerCsv {
  computers: Array<CsvComputer & { line: number }>;
  refusals: CsvRefusal[];
  /** How many data lines (records below the header) the file has. */
  lines: number;
}

const required: ComputerImportColumn[] = ['name', 'protocol', 'host'];
const known = new Set<string>(computerImportColumns);

/** The header's columns by position; refusals for unknown, repeated or missing columns. */
function readHeader(header: CsvRecord): { columns: string[]; refusals: CsvRefusal[] } {
  const columns = header.cells.map((cell) =>
    cell
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_'),
  );
  const refusals: CsvRefusal[] = [];
  const refuse = (message: string) => refusals.push({ line: header.line, field: 'columns', message });
  for (const [i, column] of columns.entries()) {
    if (!known.has(column))
      refuse(
        `"${header.cells[i] ?? ''}" is not a column OpenPSM knows; the columns are ${computerImportColumns.join(', ')}`,
      );
    else if (columns.indexOf(column) !== i) refuse(`"${column}" is named twice`);
  }
  for (const column of required) if (!columns.includes(column)) refuse(`the column "${column}" is missing`);
  return { columns, refusals };
}

/** One data line's cells by column name (columns the file lacks are empty). */
function cellsOf(record: CsvRecord, columns: string[]): Record<ComputerImportColumn, string> {
  const cells = Object.fromEntries(computerImportColumns.map((c) => [c, ''])) as Record<ComputerImportColumn, string>;
  columns.forEach((column, i) => {
    if (known.has(column)) cells[column as ComputerImportColumn] = record.cells[i] ?? '';
  });
  return cells;
}

/** Checks one data line with the schema; its refusals, or the computer. */
function readLine(record: CsvRecord, columns: string[]): CsvComputer | CsvRefusal[] {
  if (record.cells.length !== columns.length)
    return [
      {
        line: record.line,
        field: 'cells',
        message: `has ${record.cells.length} cells where the header names ${columns.length} columns (quote a cell that holds a comma)`,
      },
    ];
  const parsed = csvComputerSchema.safeParse(cellsOf(record, columns));
  if (parsed.success) return parsed.data;
  return parsed.error.issues.map((issue) => ({
    line: record.line,
    field: String(issue.path[0] ?? 'cells'),
    message: issue.message,
  }));
}

/**
 * Reads a computers CSV: the first line names the columns, each further line is one computer.
 * Every bad line is refused with its line number, field and reason, including a name used twice
 * in the file or already taken (`taken`: existing names, lower-case); names compare ignoring case.
 */
export function readComputerCsv(text: string, taken: ReadonlySet<string> = new Set()): ComputerCsv {
  const { records, problem } = parseCsv(text);
  const refusals: CsvRefusal[] = problem ? [{ line: problem.line, field: 'file', message: problem.message }] : [];
  const [header, ...lines] = records;
  if (!header) {
    if (!problem)
      refusals.push({
        line: 1,
        field: 'file',
        message: `is empty: its first line must name the columns, e.g. name,protocol,host`,
      });
    return { computers: [], refusals, lines: 0 };
  }
  const head = readHeader(header);
  refusals.push(...head.refusals);
  if (head.refusals.length > 0)
    return { computers: [], refusals: refusals.sort((a, b) => a.line - b.line), lines: lines.length };
  if (lines.length === 0 && !problem)
    refusals.push({ line: header.line + 1, field: 'file', message: 'has no computers below its header line' });
  const computers: ComputerCsv['computers'] = [];
  const firstLineOf = new Map<string, number>();
  for (const record of lines) {
    const read = readLine(record, head.columns);
    if (Array.isArray(read)) {
      refusals.push(...read);
      continue;
    }
    const name = read.name.toLowerCase();
    const first = firstLineOf.get(name);
    if (first !== undefined)
      refusals.push({
        line: record.line,
        field: 'name',
        message: `"${read.name}" is already the name of line ${first}`,
      });
    else if (taken.has(name))
      refusals.push({ line: record.line, field: 'name', message: `a computer named "${read.name}" already exists` });
    else firstLineOf.set(name, record.line);
    computers.push({ ...read, line: record.line });
  }
  return { computers, refusals: refusals.sort((a, b) => a.line - b.line), lines: lines.length };
}
