import { useEffect, useState } from 'react';
import type { ComputerReachAnswer as Reach } from '@shared/common/api/controlPlane/policies';
import { CodedError } from '../../ui/CodedError';
import { problemOf, type AdminProblem } from '../adminProblem';
import { useAdmin } from '../useAdmin';

/** "Who can reach this computer?": the policies covering it, and the people they let in, with how and which credentials. */
export function ComputerReach({ computerId }: { computerId: string }) {
  const admin = useAdmin();
  const [reach, setReach] = useState<Reach | null>(null);
  const [problem, setProblem] = useState<AdminProblem | null>(null);
  useEffect(() => {
    admin('policies.reach', { params: { id: computerId } }).then(
      (r) => (setReach(r), setProblem(null)),
      (error: unknown) => setProblem(problemOf(error)),
    );
  }, [admin, computerId]);
  return (
    <section aria-label="Who can reach this computer?">
      <h3>Who can reach this computer?</h3>
      <CodedError problem={problem} testId="reach-error" />
      {reach && reach.policies.length === 0 && <p>No policy covers this computer: nobody can reach it.</p>}
      {reach && reach.policies.length > 0 && (
        <>
          <ul aria-label="Policies covering it">
            {reach.policies.map((p) => (
              <li key={p.id}>
                {p.name}{' '}
                <span className="muted">
                  ({p.via.join(', ')}; {p.credentialKinds.join(', ')})
                </span>
              </li>
            ))}
          </ul>
          <table className="table" aria-label="People who can reach it">
            <thead>
              <tr>
                <th>Person</th>
                <th>Through</th>
                <th>Credential kinds</th>
              </tr>
            </thead>
            <tbody>
              {reach.people.map((p) => (
                <tr key={p.personId} aria-label={p.username}>
                  <td>
                    {p.displayName} <span className="muted">({p.username})</span>
                  </td>
                  <td>{p.via.join('; ')}</td>
                  <td>{p.credentialKinds.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
