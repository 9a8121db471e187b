import { useState, type FormEvent } from 'react';
import type { Role } from '@shared/common/api/controlPlane/basics';
import { CodedError } from '../../ui/CodedError';
import { useAdmin } from '../useAdmin';
import { fieldMessage, formProblem, type FormProblem } from '../formProblem';
import { RoleBoxes } from './RoleBoxes';

/** `YYYY-MM-DDTHH:mm` in local time, as a datetime-local field holds it. */
function localInput(date: Date): string {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/** How long a new key lasts unless the administrator changes its expiry. */
const defaultDays = 90;

/** Creates an API key for a service account; hands the key (shown once) to `onCreated`. */
export function ApiKeyForm(props: {
  accounts: Array<{ id: string; username: string }>;
  onCreated(created: { name: string; key: string }): void;
}) {
  const admin = useAdmin();
  const [personId, setPersonId] = useState('');
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const [expires, setExpires] = useState(() => localInput(new Date(Date.now() + defaultDays * 86_400_000)));
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const when = new Date(expires);
    try {
      const created = await admin('apiKeys.create', {
        body: { personId, name, roles, expiresAt: Number.isNaN(when.getTime()) ? expires : when.toISOString() },
      });
      setProblem(null);
      setName('');
      props.onCreated({ name, key: created.key });
    } catch (error) {
      setProblem(formProblem(error));
    }
  };
  return (
    <form aria-label="New API key" onSubmit={(e) => void submit(e)}>
      <h3>New API key</h3>
      <label className="field">
        Service account
        <select
          value={personId}
          onChange={(e) => setPersonId(e.target.value)}
          aria-invalid={!!fieldMessage(problem, 'personId')}
        >
          <option value="">Choose…</option>
          {props.accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.username}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        Key name
        <input value={name} onChange={(e) => setName(e.target.value)} aria-invalid={!!fieldMessage(problem, 'name')} />
      </label>
      <RoleBoxes legend="Key roles" value={roles} onChange={setRoles} error={fieldMessage(problem, 'roles')} />
      <label className="field">
        Expires
        <input
          type="datetime-local"
          value={expires}
          onChange={(e) => setExpires(e.target.value)}
          aria-invalid={!!fieldMessage(problem, 'expiresAt')}
        />
      </label>
      <CodedError problem={problem} testId="api-key-error" className="field-error" />
      <button type="submit">Create API key</button>
    </form>
  );
}
