import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Group } from '@shared/common/api/controlPlane/groups';
import { CodedError } from '../ui/CodedError';
import { GroupEditor } from './GroupEditor';
import { GroupFields, kindText } from './GroupFields';
import {
  draftBody,
  draftErrors,
  emptyDraft,
  groupProblemOf,
  refusalErrors,
  type FieldErrors,
  type Problem,
} from './groupDraft';
import { useAdmin } from './useAdmin';

/** Groups: search the list, create one, and open one to rename it, change its members or delete it. */
export function GroupsSection() {
  const admin = useAdmin();
  const [groups, setGroups] = useState<Group[] | null>(null);
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);
  // A deleted group's editor goes, with the focused Delete button: the focus goes to the page's heading.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    admin('groups.list', { query: { search: search || undefined } }).then(
      (r) => (setGroups(r.groups), setProblem(null)),
      (error: unknown) => setProblem(groupProblemOf(error)),
    );
  }, [admin, search, version]);
  return (
    <section aria-label="Groups">
      <h2 ref={heading} tabIndex={-1}>
        Groups
      </h2>
      <CodedError problem={problem} testId="groups-error" />
      <label className="field">
        <span>Search groups</span>
        <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
      </label>
      {groups && <GroupTable groups={groups} onOpen={setChosen} />}
      <NewGroupForm onCreated={(id) => (setChosen(id), reload())} />
      {chosen && (
        <GroupEditor
          key={chosen}
          id={chosen}
          onChanged={() => reload()}
          onDeleted={() => (setChosen(null), reload(), heading.current?.focus())}
        />
      )}
    </section>
  );
}

function GroupTable({ groups, onOpen }: { groups: Group[]; onOpen: (id: string) => void }) {
  if (groups.length === 0) return <p>No groups match.</p>;
  return (
    <table className="table" aria-label="Group list">
      <thead>
        <tr>
          <th>Name</th>
          <th>Members follow</th>
          <th>Members</th>
        </tr>
      </thead>
      <tbody>
        {groups.map((g) => (
          <tr key={g.id}>
            <td>
              <button type="button" className="button link" onClick={() => onOpen(g.id)}>
                {g.name}
              </button>
            </td>
            <td>{kindText(g)}</td>
            <td>{g.memberCount}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The form for a new group; what was typed stays on a refusal, with each bad field named. */
function NewGroupForm({ onCreated }: { onCreated: (id: string) => void }) {
  const admin = useAdmin();
  const [draft, setDraft] = useState(emptyDraft);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const bad = draftErrors(draft);
    setErrors(bad);
    setProblem(null);
    if (Object.keys(bad).length > 0) return;
    try {
      const { id } = await admin('groups.create', { body: draftBody(draft) });
      setDraft(emptyDraft);
      onCreated(id);
    } catch (error) {
      const refusal = groupProblemOf(error);
      const named = refusalErrors(refusal);
      setErrors(named);
      if (Object.keys(named).length === 0) setProblem(refusal);
    }
  };
  return (
    <form className="card" aria-label="New group" onSubmit={(e) => void submit(e)} noValidate>
      <h3>New group</h3>
      <CodedError problem={problem} testId="new-group-error" />
      <GroupFields draft={draft} errors={errors} onChange={setDraft} kindFixed={false} />
      <div className="actions">
        <button type="submit" className="button primary">
          Create group
        </button>
      </div>
    </form>
  );
}
