import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { GroupDetail } from '@shared/common/api/controlPlane/groups';
import { CodedError } from '../ui/CodedError';
import { GroupFields } from './GroupFields';
import { GroupMembers } from './GroupMembers';
import {
  draftBody,
  draftErrors,
  groupDraftOf,
  groupProblemOf,
  refusalErrors,
  type Problem,
  type FieldErrors,
  type GroupDraft,
} from './groupDraft';
import { useAdmin } from './useAdmin';

/** The editor's state: the group as loaded, the form as typed, and what Save, Delete and Reload do. */
function useGroupForm(id: string, onChanged: () => void, onDeleted: () => void) {
  const admin = useAdmin();
  const [group, setGroup] = useState<GroupDetail | null>(null);
  const [draft, setDraft] = useState<GroupDraft | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [stale, setStale] = useState(false);
  const [saved, setSaved] = useState(false);

  /** Reads the group again, leaving the form as typed (after a stale edit or a member change). */
  const reload = useCallback(async () => {
    try {
      setGroup(await admin('groups.get', { params: { id } }));
      setStale(false);
    } catch (error) {
      setProblem(groupProblemOf(error));
    }
  }, [admin, id]);
  useEffect(() => {
    admin('groups.get', { params: { id } }).then(
      (fresh) => (setGroup(fresh), setDraft(groupDraftOf(fresh))),
      (error: unknown) => setProblem(groupProblemOf(error)),
    );
  }, [admin, id]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!group || !draft) return;
    const bad = draftErrors(draft);
    setErrors(bad);
    setProblem(null);
    setSaved(false);
    if (Object.keys(bad).length > 0) return;
    try {
      await admin('groups.update', { params: { id }, body: { revision: group.revision, ...draftBody(draft) } });
      const fresh = await admin('groups.get', { params: { id } });
      setGroup(fresh);
      setDraft(groupDraftOf(fresh));
      setSaved(true);
      onChanged();
    } catch (error) {
      const refusal = groupProblemOf(error);
      const named = refusalErrors(refusal);
      setErrors(named);
      if (Object.keys(named).length === 0) setProblem(refusal);
      setStale(refusal.code === 'STALE_REVISION');
    }
  };
  const remove = async () => {
    try {
      await admin('groups.remove', { params: { id } });
      onDeleted();
    } catch (error) {
      setProblem(groupProblemOf(error));
    }
  };
  return { group, draft, setDraft, errors, problem, stale, saved, save, remove, reload };
}

/**
 * One group: its form (sent with the revision it was loaded at), its members and Delete. A
 * stale edit is refused; Reload then takes the group's new revision and keeps what was typed.
 */
export function GroupEditor({
  id,
  onChanged,
  onDeleted,
}: {
  id: string;
  onChanged: () => void;
  onDeleted: () => void;
}) {
  const { group, draft, setDraft, errors, problem, stale, saved, save, remove, reload } = useGroupForm(
    id,
    onChanged,
    onDeleted,
  );
  if (!group || !draft) return <CodedError problem={problem} testId="group-error" />;
  return (
    <section className="card" aria-label={`Group ${group.name}`}>
      <h3>{group.name}</h3>
      <form aria-label="Edit group" onSubmit={(e) => void save(e)} noValidate>
        <CodedError problem={problem} testId="group-error" />
        {stale && (
          <button type="button" className="button secondary" onClick={() => void reload()}>
            Reload (keep what I typed)
          </button>
        )}
        {saved && <p role="status">Saved.</p>}
        <GroupFields draft={draft} errors={errors} onChange={setDraft} kindFixed />
        <div className="actions">
          <button type="submit" className="button primary">
            Save group
          </button>
          <button type="button" className="button danger" onClick={() => void remove()}>
            Delete group
          </button>
        </div>
      </form>
      <GroupMembers group={group} onChanged={() => (void reload(), onChanged())} />
    </section>
  );
}
