import { useState } from 'react';
import type { PersonDetail } from '@shared/common/api/controlPlane/personFields';
import type { OneTimeCode } from '@shared/common/api/controlPlane/persons';
import { CodedError } from '../../ui/CodedError';
import { useAdmin } from '../useAdmin';
import { formProblem, type FormProblem } from '../formProblem';

/** Disable or enable, reset MFA, end all sign-ins, clear a lockout, a new one-time code, delete: each says what it did. */
export function PersonActions(props: {
  person: PersonDetail;
  onChanged: () => Promise<void>;
  onDeleted: () => void;
  /** A new one-time code was made (a local person's): the page shows it once. */
  onNewCode: (code: OneTimeCode) => void;
}) {
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
  const newCode = () =>
    run(
      async () => props.onNewCode(await admin('persons.newOneTimeCode', { params })),
      `A new one-time code for ${person.username} is shown above; earlier codes no longer work.`,
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
      {person.source === 'local' && <NewCodeButton onClick={() => void newCode()} />}
      <DeleteButton username={person.username} onDelete={remove} />
    </div>
  );
}

/** A new one-time code for a local person (their page shows it once; earlier codes stop working). */
function NewCodeButton({ onClick }: { onClick: () => void }) {
  return (
    <button type="button" className="btn" onClick={onClick}>
      New one-time code
    </button>
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
