import { useEffect, useState } from 'react';
import type { ComputerSummary } from '@shared/common/api/controlPlane/computerFields';
import { CodedError } from '../../ui/CodedError';
import { problemOf, type AdminProblem } from '../adminProblem';
import { useAdmin } from '../useAdmin';
import { ComputerCredentials } from './ComputerCredentials';

/** Shared credentials: search a computer, then see, add, rotate and delete its credentials. */
export function CredentialsSection() {
  const admin = useAdmin();
  const [computers, setComputers] = useState<ComputerSummary[] | null>(null);
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<ComputerSummary | null>(null);
  const [problem, setProblem] = useState<AdminProblem | null>(null);
  useEffect(() => {
    admin('computers.list', { query: { search: search || undefined } }).then(
      (r) => (setComputers(r.computers), setProblem(null)),
      (error: unknown) => setProblem(problemOf(error)),
    );
  }, [admin, search]);
  return (
    <section aria-label="Credentials">
      <h2>Shared credentials</h2>
      <CodedError problem={problem} testId="credentials-error" />
      <label className="field">
        <span>Search computers</span>
        <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
      </label>
      {computers && <ComputerTable computers={computers} chosen={chosen?.id ?? null} onOpen={setChosen} />}
      {chosen && <ComputerCredentials key={chosen.id} computer={chosen} />}
    </section>
  );
}

function ComputerTable({
  computers,
  chosen,
  onOpen,
}: {
  computers: ComputerSummary[];
  chosen: string | null;
  onOpen: (computer: ComputerSummary) => void;
}) {
  if (computers.length === 0) return <p>No computers match.</p>;
  return (
    <table className="table" aria-label="Computer list">
      <thead>
        <tr>
          <th>Computer</th>
          <th>Protocol</th>
          <th>Host</th>
        </tr>
      </thead>
      <tbody>
        {computers.map((c) => (
          <tr key={c.id} aria-selected={c.id === chosen}>
            <td>
              <button type="button" className="button link" onClick={() => onOpen(c)}>
                {c.name}
              </button>
            </td>
            <td>{c.protocol.toUpperCase()}</td>
            <td>{c.host}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
