import { useState } from 'react';
import type { OneTimeCode } from '@shared/common/api/controlPlane/persons';
import { useAdmin } from '../useAdmin';
import { PeopleList } from './PeopleList';
import { PersonForm, draftOf, type PersonDraft } from './PersonForm';
import { formProblem, type FormProblem } from '../formProblem';
import { PersonPage } from './PersonPage';

type View = { kind: 'list' } | { kind: 'create' } | { kind: 'person'; id: string; code?: OneTimeCode | undefined };

/** The People page of Administration: the list, a new local person, and one person's page. */
export function PeopleSection() {
  const [view, setView] = useState<View>({ kind: 'list' });
  const toList = () => setView({ kind: 'list' });
  return (
    <section aria-label="People">
      <h2>People</h2>
      {view.kind === 'list' && (
        <>
          <button type="button" className="btn btn-primary" onClick={() => setView({ kind: 'create' })}>
            New person
          </button>
          <PeopleList onOpen={(id) => setView({ kind: 'person', id })} />
        </>
      )}
      {view.kind === 'create' && (
        <CreatePerson onCreated={(id, code) => setView({ kind: 'person', id, code })} onCancel={toList} />
      )}
      {view.kind === 'person' && <PersonPage id={view.id} onClose={toList} newCode={view.code} />}
    </section>
  );
}

type PasswordMode = 'password' | 'oneTimeCode';

/**
 * A new local person with an initial password, or one they set at first sign-in with a one-time
 * code (shown once on their page); reusing a deleted person's username needs a confirmation.
 */
function CreatePerson(props: { onCreated: (id: string, code?: OneTimeCode) => void; onCancel: () => void }) {
  const admin = useAdmin();
  const [draft, setDraft] = useState<PersonDraft>(() => draftOf(null));
  const [mode, setMode] = useState<PasswordMode>('password');
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [reuse, setReuse] = useState(false);
  const create = async () => {
    try {
      const { password, ...fields } = draft;
      const secret = mode === 'password' ? { password } : { passwordMode: mode };
      const created = await admin('persons.create', {
        body: { ...fields, ...secret, ...(reuse ? { reuseUsername: true } : {}) },
      });
      props.onCreated(created.id, created.oneTimeCode);
    } catch (e) {
      setProblem(formProblem(e));
    }
  };
  return (
    <PersonForm
      title="New person"
      draft={draft}
      onChange={setDraft}
      onSubmit={create}
      onCancel={props.onCancel}
      creating
      askPassword={mode === 'password'}
      problem={problem}
    >
      <PasswordModeChoice mode={mode} onChange={setMode} />
      {problem?.code === 'USERNAME_OF_DELETED' && (
        <label>
          <input type="checkbox" checked={reuse} onChange={(e) => setReuse(e.target.checked)} /> Reuse the username of
          the deleted person (their audit entries and recordings keep the name)
        </label>
      )}
    </PersonForm>
  );
}

/** How a new person gets a password: typed now by the administrator, or set by them at first sign-in. */
function PasswordModeChoice({ mode, onChange }: { mode: PasswordMode; onChange: (mode: PasswordMode) => void }) {
  const option = (value: PasswordMode, label: string) => (
    <label>
      <input type="radio" name="passwordMode" checked={mode === value} onChange={() => onChange(value)} /> {label}
    </label>
  );
  return (
    <fieldset className="field">
      <legend>Password</legend>
      {option('password', 'Type it now')}
      {option('oneTimeCode', 'Set at first sign-in (a one-time code, shown once)')}
    </fieldset>
  );
}
