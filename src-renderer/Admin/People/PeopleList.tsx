import { useEffect, useState } from 'react';
import type { PersonListQuery, PersonRow } from '@shared/common/api/controlPlane/personFields';
import { CodedError } from '../../ui/CodedError';
import { useAdmin } from '../useAdmin';

import { formProblem, type FormProblem } from '../formProblem';

type Filters = Omit<PersonListQuery, 'cursor'>;

const select = (
  label: string,
  name: string,
  value: string | undefined,
  options: string[],
  set: (v: string) => void,
) => (
  <label className="field">
    <span>{label}</span>
    <select name={name} value={value ?? ''} onChange={(e) => set(e.target.value)}>
      <option value="">Any</option>
      {options.map((o) => (
        <option key={o} value={o}>
          {o}
        </option>
      ))}
    </select>
  </label>
);

/** The People list: search by name, username or email; filter by role, source and disabled; 50 a page. */
export function PeopleList({ onOpen }: { onOpen: (id: string) => void }) {
  const admin = useAdmin();
  const [filters, setFilters] = useState<Filters>({});
  const [rows, setRows] = useState<PersonRow[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  useEffect(() => {
    admin('persons.list', { query: filters }).then(
      (page) => {
        setRows(page.persons);
        setNext(page.nextCursor);
        setProblem(null);
      },
      (e: unknown) => setProblem(formProblem(e)),
    );
  }, [admin, filters]);
  const more = async (cursor: string) => {
    try {
      const page = await admin('persons.list', { query: { ...filters, cursor } });
      setRows((before) => [...before, ...page.persons]);
      setNext(page.nextCursor);
    } catch (e) {
      setProblem(formProblem(e));
    }
  };
  const set = (field: keyof Filters) => (value: string) =>
    setFilters((f) => ({ ...f, [field]: value === '' ? undefined : value }));
  return (
    <div>
      <div className="form-grid" role="search" aria-label="Find people">
        <label className="field">
          <span>Search</span>
          <input
            name="query"
            placeholder="Name, username or email"
            value={filters.query ?? ''}
            onChange={(e) => set('query')(e.target.value)}
          />
        </label>
        {select('Role', 'role', filters.role, ['administrator', 'access_manager', 'auditor'], set('role'))}
        {select('Source', 'source', filters.source, ['local', 'ldap', 'federated', 'service'], set('source'))}
        {select('Disabled', 'disabled', filters.disabled, ['true', 'false'], set('disabled'))}
      </div>
      <CodedError problem={problem} testId="people-error" />
      <PeopleTable rows={rows} onOpen={onOpen} />
      {rows.length === 0 && !problem && <p>No people match.</p>}
      {next && (
        <button type="button" className="btn" onClick={() => void more(next)}>
          More people
        </button>
      )}
    </div>
  );
}

function PeopleTable({ rows, onOpen }: { rows: PersonRow[]; onOpen: (id: string) => void }) {
  return (
    <table className="table" aria-label="People">
      <thead>
        <tr>
          <th>Username</th>
          <th>Name</th>
          <th>Email</th>
          <th>Roles</th>
          <th>Source</th>
          <th>State</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((p) => (
          <tr key={p.id}>
            <td>
              <button type="button" className="btn-link" onClick={() => onOpen(p.id)}>
                {p.username}
              </button>
            </td>
            <td>{p.displayName}</td>
            <td>{p.email ?? ''}</td>
            <td>{p.roles.join(', ')}</td>
            <td>{p.source}</td>
            <td>{p.disabled ? 'disabled' : 'enabled'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
