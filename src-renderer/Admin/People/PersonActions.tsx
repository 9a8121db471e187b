import { useState } from 'react';
import type { PersonDetail } from '@shared/common/api/controlPlane/personFields';
import { CodedError } from '../../ui/CodedError';
import { useAdmin } from '../useAdmin';

import { formProblem, type FormProblem } from '../formProblem';

/** Disable or enable, reset MFA, end all sign-ins, clear a lockout, delete: each says what it did. */
export function PersonActions(props: { person: PersonDetail; onChanged: () => Promise<void>; onDeleted: () => void }) {
  const { person } = props;
  const admin = useAdmin();
  const [done, setDone] = useState<string | null>(null);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const params = { id: person.id };
  const run = async (work: () => Promise<unknown>, said: string) => {
    try {
      await work();
      setProblem(null);
      setDone(said);
      await props.onChanged();
    } catch (e) {
      setDone(null);
      setProblem(formProblem(e));
    }
  };
  const toggle = () =>
    run(
      () => admin('persons.update', { params, body: { revision: person.revision, disabled: !person.disabled } }),
      person.disabled ? `${person.username} is enabled.` : `${person.username} is disabled; their sign-ins ended.`,
    );
  const remove = async () => {
    try {
      await admin('persons.remove', { params });
      props.onDeleted();
    } catch (e) {
      setProblem(formProblem(e));
    }
  };
  return (
    <div className="actions" role="group" aria-label="Actions">
      <CodedError problem={problem} testId="person-action-error" />
      {done && <p role="status">{done}</p>}
      <button type="button" className="btn" onClick={() => void toggle()}>
        {person.disabled ? 'Enable' : 'Disable'}
      </button>
      <button
        type="button"
        className="btn"
        onClick={() => void run(() => admin('persons.resetMfa', { params }), 'Two-step verification was reset.')}
      >
        Reset MFA
      </button>
      <button
        type="button"
        className="btn"
        onClick={() =>
          void run(() => admin('persons.revokeSignIns', { params }), `Every sign-in of ${person.username} has ended.`)
        }
      >
        End all sign-ins
      </button>
      <button
        type="button"
        className="btn"
        onClick={() =>
          void run(
            () => admin('backoffs.clearAccount', { body: { username: person.username } }),
            `The lockout of ${person.username} is cleared.`,
          )
        }
      >
        Clear lockout
      </button>
      <DeleteButton username={person.username} onDelete={remove} />
    </div>
  );
}

/** Delete, after a confirmation that says what stays. */
function DeleteButton({ username, onDelete }: { username: string; onDelete: () => Promise<void> }) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming)
    return (
      <button type="button" className="btn btn-danger" onClick={() => setConfirming(true)}>
        Delete
      </button>
    );
  return (
    <span role="alert">
      Delete {username}? They can never sign in again; their audit entries, sessions and recordings stay.{' '}
      <button type="button" className="btn btn-danger" onClick={() => void onDelete()}>
        Delete for good
      </button>
      <button type="button" className="btn" onClick={() => setConfirming(false)}>
        Keep
      </button>
    </span>
  );
}
