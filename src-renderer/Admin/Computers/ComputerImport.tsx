import { useState, type ChangeEvent, type FormEvent } from 'react';
import { computerImportColumns } from '@shared/common/api/controlPlane/computerTools';
import { CodedError } from '../../ui/CodedError';
import { formProblem, type FormProblem } from '../formProblem';
import { useAdmin } from '../useAdmin';

export interface ComputerImportProps {
  /** Called once computers were imported (the list reloads), with how many. */
  onImported(count: number): void;
}

/** One refused line as the table shows it, from a refusal field `<line>.<field>`. */
interface RefusedLine {
  line: string;
  field: string;
  message: string;
}

function refusedLines(problem: FormProblem | null): RefusedLine[] {
  if (problem?.code !== 'IMPORT_REFUSED') return [];
  return (problem.fields ?? []).map((f) => {
    const [line = '', ...field] = f.path.split('.');
    return { line, field: field.join('.'), message: f.message };
  });
}

/** How many data lines the text has (not counting the header), for the progress line. */
const dataLines = (csv: string) => Math.max(0, csv.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '').length - 1);

function RefusalTable({ lines }: { lines: RefusedLine[] }) {
  if (lines.length === 0) return null;
  return (
    <table className="table" aria-label="Refused lines">
      <thead>
        <tr>
          <th>Line</th>
          <th>Field</th>
          <th>Why</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((r, i) => (
          <tr key={`${r.line}.${r.field}.${i}`}>
            <td>{r.line}</td>
            <td>
              <code>{r.field}</code>
            </td>
            <td>{r.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Import computers from CSV: choose a file or paste its text, then Import. All lines or none go
 * in: a refusal lists each bad line with its field and why, and keeps the text to fix it here.
 */
export function ComputerImport({ onImported }: ComputerImportProps) {
  const admin = useAdmin();
  const [csv, setCsv] = useState('');
  const [importing, setImporting] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [imported, setImported] = useState<number | null>(null);
  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    setCsv(await file.text());
    setProblem(null);
    setImported(null);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    setImported(null);
    setImporting(true);
    try {
      const answer = await admin('computerTools.import', { body: { csv } });
      setImported(answer.imported);
      setCsv('');
      onImported(answer.imported);
    } catch (error) {
      setProblem(formProblem(error));
    } finally {
      setImporting(false);
    }
  };
  const refused = refusedLines(problem);
  return (
    <form aria-label="Import computers" onSubmit={(e) => void submit(e)} noValidate>
      <h3>Import computers from CSV</h3>
      <p className="muted">
        The first line names the columns: <code>{computerImportColumns.join(',')}</code> (name, protocol and host are
        required; tags separated by <code>;</code>). Nothing is imported unless every line is good.
      </p>
      <label className="field">
        <span>CSV file</span>
        <input type="file" accept=".csv,text/csv" onChange={(e) => void choose(e)} disabled={importing} />
      </label>
      <label className="field">
        <span>CSV text</span>
        <textarea
          rows={8}
          value={csv}
          onChange={(e) => setCsv(e.target.value)}
          spellCheck={false}
          aria-invalid={refused.length > 0}
          placeholder={`${computerImportColumns.join(',')}\nweb-01,ssh,10.0.0.11,22,prod;linux,yes,yes`}
        />
      </label>
      <div className="actions">
        <button type="submit" className="button primary" disabled={importing || csv.trim() === ''}>
          Import
        </button>
        {importing && (
          <span role="status">
            <progress aria-label="Importing" /> Importing {dataLines(csv)} lines…
          </span>
        )}
        {imported !== null && (
          <span role="status" data-testid="import-result">
            Imported {imported} {imported === 1 ? 'computer' : 'computers'}.
          </span>
        )}
      </div>
      <CodedError problem={problem} testId="import-error" />
      <RefusalTable lines={refused} />
    </form>
  );
}
