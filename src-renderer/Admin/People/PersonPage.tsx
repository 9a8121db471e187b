import { useCallback, useEffect, useState } from 'react';
import type { PersonDetail } from '@shared/common/api/controlPlane/personFields';
import type { OneTimeCode } from '@shared/common/api/controlPlane/persons';
import { CodedError } from '../../ui/CodedError';
import { useAdmin } from '../useAdmin';
import { OneTimeCodeShown } from './OneTimeCodeShown';
import { PersonActions } from './PersonActions';
import { PersonForm, draftOf, type PersonDraft } from './PersonForm';
import { formProblem, type FormProblem } from '../formProblem';
import { changedFields, keepTyped, patchOf } from './personEdits';

const sourceNames: Record<string, string> = { ldap: 'the LDAP directory', federated: 'the federated sign-in' };

/**
 * One person: their fields, groups, what reaches them and why, last sign-in, open sessions; edit
 * and actions; a one-time code just made for them (shown this once).
 */
export function PersonPage(props: { id: string; onClose: () => void; newCode?: OneTimeCode | undefined }) {
  const { id, onClose } = props;
  const admin = useAdmin();
  const [person, setPerson] = useState<PersonDetail | null>(null);
  const [code, setCode] = useState<OneTimeCode | undefined>(props.newCode);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const load = useCallback(
    () => admin('persons.get', { params: { id } }).then(setPerson, (e: unknown) => setProblem(formProblem(e))),
    [admin, id],
  );
  useEffect(() => void load(), [load]);
  if (!person) return <CodedError problem={problem} testId="person-error" />;
  return (
    <section aria-label={`Person ${person.username}`}>
      <h3>
        {person.displayName} ({person.username})
      </h3>
      <button type="button" className="btn" onClick={onClose}>
        Back to People
      </button>
      {code && <OneTimeCodeShown username={person.username} code={code} />}
      <PersonFacts person={person} />
      <PersonActions person={person} onChanged={load} onDeleted={onClose} onNewCode={setCode} />
      <PersonEdit key={person.id} person={person} onSaved={load} />
    </section>
  );
}

function PersonFacts({ person }: { person: PersonDetail }) {
  const list = (label: string, items: Array<{ id: string; name: string; why?: string }>) => (
    <div aria-label={label} role="group">
      <h4>{label}</h4>
      {items.length === 0 ? (
        <p>None.</p>
      ) : (
        <ul>
          {items.map((item) => (
            <li key={`${item.id}-${item.why ?? ''}`}>
              {item.name}
              {item.why ? ` — ${item.why}` : ''}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
  return (
    <div>
      <p>
        Source: {person.source}. {person.disabled ? 'Disabled.' : 'Enabled.'} Last sign-in:{' '}
        <span data-testid="last-sign-in">
          {person.lastSignInAt ? new Date(person.lastSignInAt).toLocaleString() : 'never'}
        </span>
      </p>
      {list('Groups', person.groups)}
      {list('Policies', person.policies)}
      {list('Computers', person.computers)}
      {list(
        'Open sessions',
        person.openSessions.map((s) => ({
          id: s.id,
          name: `${s.computer} since ${new Date(s.startedAt).toLocaleString()}`,
        })),
      )}
    </div>
  );
}

/** The edit form; a stale revision offers to reload the person while keeping what was typed. */
function PersonEdit({ person, onSaved }: { person: PersonDetail; onSaved: () => Promise<void> }) {
  const admin = useAdmin();
  const [base, setBase] = useState(person);
  const [draft, setDraft] = useState<PersonDraft>(() => draftOf(person));
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [saved, setSaved] = useState(false);
  const [changes, setChanges] = useState<string[] | null>(null);
  const locked = person.directoryFields;
  // This page's own changes (a save, disabling) move the revision the next edit builds on; others' do not.
  const [seen, setSeen] = useState(person);
  if (seen !== person) {
    setSeen(person);
    setBase(person);
  }
  const save = async () => {
    setSaved(false);
    try {
      await admin('persons.update', { params: { id: person.id }, body: patchOf(draft, locked, base.revision) });
      setProblem(null);
      setSaved(true);
      await onSaved();
    } catch (e) {
      setProblem(formProblem(e));
    }
  };
  const reload = async () => {
    const fresh = await admin('persons.get', { params: { id: person.id } });
    setChanges(changedFields(base, fresh));
    setDraft(keepTyped(draft, draftOf(base), draftOf(fresh)));
    setBase(fresh);
    setProblem(null);
  };
  return (
    <PersonForm
      title="Edit person"
      draft={draft}
      onChange={setDraft}
      onSubmit={save}
      onCancel={() => setDraft(draftOf(base))}
      creating={false}
      locked={{ fields: locked, source: sourceNames[person.source] ?? person.source }}
      problem={problem}
    >
      {problem?.code === 'STALE_REVISION' && (
        <button type="button" className="btn" onClick={() => void reload()}>
          Reload, keeping what I typed
        </button>
      )}
      {changes && (
        <p role="status" aria-label="Changed on the server">
          Reloaded. Changed on the server: {changes.length === 0 ? 'nothing you see here' : changes.join('; ')}. Your
          typing is kept; save again to apply it.
        </p>
      )}
      {saved && <p role="status">Saved.</p>}
    </PersonForm>
  );
}
