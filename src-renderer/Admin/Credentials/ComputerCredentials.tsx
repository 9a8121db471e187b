import { useEffect, useRef, useState } from 'react';
import type { ComputerSummary } from '@shared/common/api/controlPlane/computerFields';
import type { SharedCredential } from '@shared/common/api/controlPlane/credentials';
import { CodedError } from '../../ui/CodedError';
import { problemOf, type AdminProblem } from '../adminProblem';
import { useAdmin } from '../useAdmin';
import { CredentialRow } from './CredentialRow';
import { NewCredentialForm } from './CredentialForms';

/** One computer's shared credentials: the list (never a secret), and the form to add one. */
export function ComputerCredentials({ computer }: { computer: ComputerSummary }) {
  const admin = useAdmin();
  const [credentials, setCredentials] = useState<SharedCredential[] | null>(null);
  const [problem, setProblem] = useState<AdminProblem | null>(null);
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    admin('credentials.list', { query: { computerId: computer.id } }).then(
      (r) => (setCredentials(r.credentials), setProblem(null)),
      (error: unknown) => setProblem(problemOf(error)),
    );
  }, [admin, computer.id, version]);
  return (
    <section className="card" aria-label={`Credentials of ${computer.name}`}>
      <h3 ref={heading} tabIndex={-1}>
        {computer.name}
      </h3>
      <CodedError problem={problem} testId="computer-credentials-error" />
      {credentials?.length === 0 && (
        <p>
          {computer.name} has no shared credential: Connect is greyed out for it (<code>NO_SHARED_CREDENTIAL</code>)
          unless a person has exactly one personal credential for it.
        </p>
      )}
      {credentials && credentials.length > 0 && (
        <table className="table" aria-label="Credential list">
          <thead>
            <tr>
              <th>Username</th>
              <th>Kind</th>
              <th>Added</th>
              <th>Last rotated</th>
              <th>Sessions per version</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {credentials.map((c) => (
              <CredentialRow
                key={c.id}
                credential={c}
                computerName={computer.name}
                onChanged={reload}
                onDeleted={() => (heading.current?.focus(), reload())}
              />
            ))}
          </tbody>
        </table>
      )}
      <NewCredentialForm computerId={computer.id} onCreated={reload} />
    </section>
  );
}
