import { useState, type FormEvent } from 'react';
import type { Role } from '@shared/common/api/controlPlane/basics';
import { CodedError } from '../../ui/CodedError';
import { useAdmin } from '../useAdmin';
import { fieldMessage, formProblem, type FormProblem } from '../formProblem';
import { RoleBoxes } from './RoleBoxes';

/** Creates a service account: a person of kind `service`, with roles and no password (it never signs in). */
export function ServiceAccountForm({ onCreated }: { onCreated(): void }) {
  const admin = useAdmin();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await admin('persons.create', { body: { username, displayName, roles, kind: 'service' } });
      setProblem(null);
      setUsername('');
      setDisplayName('');
      setRoles([]);
      onCreated();
    } catch (error) {
      setProblem(formProblem(error));
    }
  };
  return (
    <form aria-label="New service account" onSubmit={(e) => void submit(e)}>
      <h3>New service account</h3>
      <label className="field">
        Username
        <input
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          aria-invalid={!!fieldMessage(problem, 'username')}
        />
      </label>
      <label className="field">
        Display name
        <input
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          aria-invalid={!!fieldMessage(problem, 'displayName')}
        />
      </label>
      <RoleBoxes
        legend="Service account roles"
        value={roles}
        onChange={setRoles}
        error={fieldMessage(problem, 'roles')}
      />
      <CodedError problem={problem} testId="service-account-error" className="field-error" />
      <button type="submit">Create service account</button>
    </form>
  );
}
