import { useCallback, useEffect, useState } from 'react';
import type { Role } from '@shared/common/api/controlPlane/basics';
import { useApi } from '../bridge/apiContext';
import { CodedError } from '../ui/CodedError';
import { problemOf, type AdminProblem } from './adminProblem';
import { AuditFilters, filterQuery, noFilters, type AuditFilterForm } from './AuditFilters';
import { AuditForwarding } from './AuditForwarding';
import { AuditTable, type AuditEntryView } from './AuditTable';
import { useAdmin } from './useAdmin';

const pageSize = 50;

/** Saves text as a file through the browser's download (the app's window and the browser host alike). */
function download(fileName: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The audit log, newest first: filtered, paged by cursor, exported; administrators also set its forwarding. */
export function AuditSection({ roles }: { roles: readonly Role[] }) {
  const admin = useAdmin();
  const api = useApi();
  const [filters, setFilters] = useState<AuditFilterForm>(noFilters);
  // The cursors of the pages before this one (the first page has none).
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const [page, setPage] = useState<{ entries: AuditEntryView[]; nextCursor: string | null } | null>(null);
  const [problem, setProblem] = useState<AdminProblem | null>(null);
  const cursor = cursors.at(-1);

  useEffect(() => {
    admin('system.audit', { query: { ...filterQuery(filters), cursor, limit: pageSize } }).then(
      (answer) => {
        setPage(answer);
        setProblem(null);
      },
      (e: unknown) => setProblem(problemOf(e)),
    );
  }, [admin, filters, cursor]);

  const apply = useCallback((form: AuditFilterForm) => {
    setFilters(form);
    setCursors([undefined]);
  }, []);

  const exportAs = async (format: 'csv' | 'jsonl') => {
    try {
      const file = await api.admin.exportAudit({ format, ...filterQuery(filters) });
      download(file.fileName, file.text, format === 'csv' ? 'text/csv' : 'application/x-ndjson');
    } catch (e) {
      setProblem(problemOf(e));
    }
  };

  return (
    <section aria-label="Audit log">
      <h2>Audit log</h2>
      <AuditFilters errors={problem?.fields ?? {}} onApply={apply} />
      <CodedError problem={problem} testId="audit-error" />
      {page === null && !problem && <p>Loading the audit log…</p>}
      {page && <AuditTable entries={page.entries} />}
      <div className="actions">
        <button
          type="button"
          className="button"
          disabled={cursors.length < 2}
          onClick={() => setCursors(cursors.slice(0, -1))}
        >
          Newer
        </button>
        <button
          type="button"
          className="button"
          disabled={!page?.nextCursor}
          onClick={() => page?.nextCursor && setCursors([...cursors, page.nextCursor])}
        >
          Older
        </button>
        <span className="muted">Page {cursors.length}</span>
        <button type="button" className="button" onClick={() => void exportAs('csv')}>
          Export CSV
        </button>
        <button type="button" className="button" onClick={() => void exportAs('jsonl')}>
          Export JSON lines
        </button>
      </div>
      {roles.includes('administrator') && <AuditForwarding />}
    </section>
  );
}
