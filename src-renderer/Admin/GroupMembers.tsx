import { useEffect, useRef, useState } from 'react';
import type { GroupDetail } from '@shared/common/api/controlPlane/groups';
import type { Person } from '@shared/common/api/controlPlane/persons';
import { CodedError } from '../ui/CodedError';
import { groupProblemOf, type Problem } from './groupDraft';
import { useAdmin } from './useAdmin';

/**
 * A group's members; for a group kept by hand, removing them and adding people with a picker.
 * Each change carries the group's revision: when someone else changed the group meanwhile it is
 * refused, and Reload reads the group again, keeping the person chosen in the picker.
 */
export function GroupMembers({ group, onChanged }: { group: GroupDetail; onChanged: () => void }) {
  const admin = useAdmin();
  const [problem, setProblem] = useState<Problem | null>(null);
  const byHand = group.kind === 'manual';
  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      setProblem(null);
      onChanged();
      return true;
    } catch (error) {
      setProblem(groupProblemOf(error));
      return false;
    }
  };
  const revision = group.revision;
  const remove = (personId: string) =>
    act(() => admin('groups.removeMember', { params: { id: group.id, personId }, query: { revision } }));
  const add = (personId: string) =>
    act(() => admin('groups.addMember', { params: { id: group.id }, body: { personId, revision } }));
  const reload = () => (setProblem(null), onChanged());
  return (
    <div aria-label="Members" role="group">
      <h3>Members</h3>
      {!byHand && <p>These members follow the group&apos;s {group.kind === 'rule' ? 'rule' : 'directory group'}.</p>}
      <CodedError problem={problem} testId="members-error" />
      {problem?.code === 'STALE_REVISION' && (
        <button type="button" className="button secondary" onClick={reload}>
          Reload members (keep my choice)
        </button>
      )}
      {group.members.length === 0 ? (
        <p>No members.</p>
      ) : (
        <ul className="members" aria-label="Member list">
          {group.members.map((m) => (
            <li key={m.id}>
              {m.displayName} ({m.username}){' '}
              {byHand && (
                <button type="button" className="button secondary" onClick={() => void remove(m.id)}>
                  Remove {m.username}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {byHand && <PeoplePicker exclude={group.members.map((m) => m.id)} onPick={add} />}
    </div>
  );
}

/** Finds people by name or username and picks one; what was typed stays until the person is added. */
function PeoplePicker({ exclude, onPick }: { exclude: string[]; onPick: (personId: string) => Promise<boolean> }) {
  const admin = useAdmin();
  const [people, setPeople] = useState<Person[]>([]);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  // The person's button goes once they are added: the focus goes back to the search field, not to the page.
  const field = useRef<HTMLInputElement>(null);
  const added = () => (setText(''), field.current?.focus());
  useEffect(() => {
    admin('persons.list').then(
      (r) => setPeople(r.persons),
      (e: unknown) => setProblem(groupProblemOf(e)),
    );
  }, [admin]);
  const wanted = text.trim().toLowerCase();
  const matches = wanted
    ? people
        .filter((p) => !exclude.includes(p.id))
        .filter((p) => `${p.username} ${p.displayName}`.toLowerCase().includes(wanted))
        .slice(0, 8)
    : [];
  return (
    <div className="people-picker">
      <CodedError problem={problem} testId="picker-error" />
      <label className="field">
        <span>Add a person</span>
        <input
          ref={field}
          type="search"
          value={text}
          placeholder="Name or username"
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      {wanted && matches.length === 0 && <p>Nobody matches.</p>}
      <ul aria-label="People found">
        {matches.map((p) => (
          <li key={p.id}>
            <button
              type="button"
              className="button secondary"
              onClick={() => void onPick(p.id).then((ok) => ok && added())}
            >
              Add {p.displayName} ({p.username})
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
