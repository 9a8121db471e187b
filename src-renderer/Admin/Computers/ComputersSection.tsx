import { useCallback, useEffect, useState } from 'react';
import type { ComputerDetail, ComputerPage } from '@shared/common/api/controlPlane/computerFields';
import { CodedError } from '../../ui/CodedError';
import { problemOf, type AdminProblem } from '../adminProblem';
import { useAdmin } from '../useAdmin';
import { ComputerImport } from './ComputerImport';
import { ManagedComputerForm } from './ManagedComputerForm';
import { ComputerTable } from './ComputerTable';

const pageSize = 50;

/** What the list shows: a text in name or host, a protocol, a tag, and the first row's offset. */
interface ListFilter {
  search: string;
  protocol: string;
  tag: string;
  offset: number;
}

/** The form open: a new computer, or one read from the server. */
type Open = { kind: 'new' } | { kind: 'edit'; computer: ComputerDetail } | null;

/** Managed computers: find them (search, protocol, tag, pages), add, edit and delete. */
export function ComputersSection() {
  const admin = useAdmin();
  const [filter, setFilter] = useState<ListFilter>({ search: '', protocol: '', tag: '', offset: 0 });
  const [page, setPage] = useState<ComputerPage | null>(null);
  const [open, setOpen] = useState<Open>(null);
  const [importing, setImporting] = useState(false);
  const [problem, setProblem] = useState<AdminProblem | null>(null);
  const load = useCallback(() => {
    const query = {
      search: filter.search || undefined,
      protocol: filter.protocol || undefined,
      tag: filter.tag.trim() || undefined,
      limit: pageSize,
      offset: filter.offset,
    };
    admin('computers.list', { query }).then(
      (r) => (setPage(r), setProblem(null)),
      (error: unknown) => setProblem(problemOf(error)),
    );
  }, [admin, filter]);
  useEffect(load, [load]);
  const change = (patch: Partial<ListFilter>) => setFilter({ ...filter, offset: 0, ...patch });
  const openComputer = (id: string) =>
    admin('computers.get', { params: { id } }).then(
      (computer) => setOpen({ kind: 'edit', computer }),
      (error: unknown) => setProblem(problemOf(error)),
    );
  return (
    <section aria-label="Computers">
      <h2>Computers</h2>
      <CodedError problem={problem} testId="computers-error" />
      <div className="actions">
        <button type="button" className="button primary" onClick={() => setOpen({ kind: 'new' })}>
          Add a computer
        </button>
        <button type="button" className="button" aria-expanded={importing} onClick={() => setImporting(!importing)}>
          Import from CSV
        </button>
      </div>
      {importing && <ComputerImport onImported={load} />}
      {open && (
        <ManagedComputerForm
          key={open.kind === 'edit' ? open.computer.id : 'new'}
          computer={open.kind === 'edit' ? open.computer : null}
          onSaved={(saved) => (setOpen({ kind: 'edit', computer: saved }), load())}
          onDeleted={() => (setOpen(null), load())}
          onClose={() => setOpen(null)}
        />
      )}
      <ComputerFilters filter={filter} change={change} />
      {page && (
        <ComputerTable
          page={page}
          chosen={open?.kind === 'edit' ? open.computer.id : null}
          onOpen={(id) => void openComputer(id)}
          onTag={(tag) => change({ tag })}
          onPage={(offset) => setFilter({ ...filter, offset })}
          pageSize={pageSize}
        />
      )}
    </section>
  );
}

/** The list's search, protocol filter and tag filter; each change starts again at the first page. */
function ComputerFilters({ filter, change }: { filter: ListFilter; change: (patch: Partial<ListFilter>) => void }) {
  return (
    <div className="resource-filters" role="search" aria-label="Find computers">
      <label className="field">
        <span>Search computers</span>
        <input type="search" value={filter.search} onChange={(e) => change({ search: e.target.value })} />
      </label>
      <label className="field">
        <span>Protocol filter</span>
        <select
          aria-label="Protocol filter"
          value={filter.protocol}
          onChange={(e) => change({ protocol: e.target.value })}
        >
          <option value="">All protocols</option>
          <option value="ssh">SSH</option>
          <option value="rdp">RDP</option>
          <option value="vnc">VNC</option>
          <option value="telnet">Telnet</option>
        </select>
      </label>
      <label className="field">
        <span>Tag filter</span>
        <input aria-label="Tag filter" value={filter.tag} onChange={(e) => change({ tag: e.target.value })} />
      </label>
    </div>
  );
}
