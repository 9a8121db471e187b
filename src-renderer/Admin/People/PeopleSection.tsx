import { useState } from 'react';
import { useAdmin } from '../useAdmin';
import { PeopleList } from './PeopleList';
import { PersonForm, draftOf, type PersonDraft } from './PersonForm';
import { formProblem, type FormProblem } from '../formProblem';
import { PersonPage } from './PersonPage';

type View = { kind: 'list' } | { kind: 'create' } | { kind: 'person'; id: string };

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
      {view.kind === 'create' && <CreatePerson onCreated={(id) => setView({ kind: 'person', id })} onCancel={toList} />}
      {view.kind === 'person' && <PersonPage id={view.id} onClose={toList} />}
    </section>
  );
}

/** A new local person with an initial password; reusing a deleted person's username needs a confirmation. */
function CreatePerson({ onCreated, onCancel }: { onCreated: (id: string) => void; onCancel: () => void }) {
  const admin = useAdmin();
  const [draft, setDraft] = useState<PersonDraft>(() => draftOf(null));
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [reuse, setReuse] = useState(false);
  const create = async () => {
    try {
      const { password, ...fields } = draft;
      const created = await admin('persons.create', {
        body: { ...fields, password, ...(reuse ? { reuseUsername: true } : {}) },
      });
      onCreated(created.id);
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
      onCancel={onCancel}
      creating
      problem={problem}
    >
      {problem?.code === 'USERNAME_OF_DELETED' && (
        <label>
          <input type="checkbox" checked={reuse} onChange={(e) => setReuse(e.target.checked)} /> Reuse the username of
          the deleted person (their audit entries and recordings keep the name)
        </label>
      )}
    </PersonForm>
  );
}
