import { useCallback, useEffect, useState } from 'react';
import type { Policy, PolicySummary } from '@shared/common/api/controlPlane/policies';
import { CodedError } from '../../ui/CodedError';
import { problemOf, type AdminProblem } from '../adminProblem';
import { useAdmin } from '../useAdmin';
import { PolicyForm, type PolicyChoices } from './PolicyForm';

/** What the form edits: a new policy, or a stored one. */
type Editing = { kind: 'new' } | { kind: 'edit'; policy: Policy } | null;

/** Reads the people, groups and computers the form's pickers offer. */
function useChoices(onProblem: (p: AdminProblem) => void): PolicyChoices | null {
  const admin = useAdmin();
  const [choices, setChoices] = useState<PolicyChoices | null>(null);
  useEffect(() => {
    Promise.all([admin('persons.list'), admin('groups.list'), admin('computers.list')]).then(
      ([p, g, c]) =>
        setChoices({
          persons: p.persons.map((x) => ({ id: x.id, label: `${x.displayName} (${x.username})` })),
          groups: g.groups.map((x) => ({ id: x.id, label: x.name })),
          computers: c.computers.map((x) => ({ id: x.id, label: `${x.name} (${x.protocol.toUpperCase()})` })),
        }),
      (error: unknown) => onProblem(problemOf(error)),
    );
  }, [admin, onProblem]);
  return choices;
}

/** Access request policies: the list, and creating, editing and deleting one. */
export function PoliciesSection() {
  const admin = useAdmin();
  const [policies, setPolicies] = useState<PolicySummary[] | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<PolicySummary | null>(null);
  const [problem, setProblem] = useState<AdminProblem | null>(null);
  const choices = useChoices(setProblem);
  const load = useCallback(() => {
    admin('policies.list').then(
      (r) => setPolicies(r.policies),
      (error: unknown) => setProblem(problemOf(error)),
    );
  }, [admin]);
  useEffect(load, [load]);
  const open = async (id: string) => {
    try {
      setEditing({ kind: 'edit', policy: await admin('policies.get', { params: { id } }) });
      setProblem(null);
    } catch (error) {
      setProblem(problemOf(error));
    }
  };
  const remove = async (p: PolicySummary) => {
    try {
      await admin('policies.remove', { params: { id: p.id } });
      setDeleting(null);
      if (editing?.kind === 'edit' && editing.policy.id === p.id) setEditing(null);
      load();
    } catch (error) {
      setProblem(problemOf(error));
    }
  };
  return (
    <section aria-label="Policies">
      <h2>Access request policies</h2>
      <CodedError problem={problem} testId="policies-error" />
      <div className="actions">
        <button type="button" className="button primary" onClick={() => setEditing({ kind: 'new' })}>
          New policy
        </button>
      </div>
      {deleting && (
        <div className="banner banner-warning" role="alertdialog" aria-label={`Delete ${deleting.name}`}>
          Delete the policy {deleting.name}? New sessions under it are refused; running ones keep going. Its session
          history stays.{' '}
          <button type="button" className="button danger" onClick={() => void remove(deleting)}>
            Delete policy
          </button>{' '}
          <button type="button" className="button secondary" onClick={() => setDeleting(null)}>
            Keep it
          </button>
        </div>
      )}
      {policies && <PolicyTable policies={policies} onOpen={(id) => void open(id)} onDelete={setDeleting} />}
      {editing && choices && (
        <PolicyForm
          key={editing.kind === 'edit' ? editing.policy.id : 'new'}
          policy={editing.kind === 'edit' ? editing.policy : null}
          choices={choices}
          onSaved={(id) => {
            load();
            if (editing.kind === 'new') void open(id);
          }}
          onCancel={() => setEditing(null)}
        />
      )}
    </section>
  );
}

function PolicyTable({
  policies,
  onOpen,
  onDelete,
}: {
  policies: PolicySummary[];
  onOpen: (id: string) => void;
  onDelete: (p: PolicySummary) => void;
}) {
  if (policies.length === 0) return <p>No policies yet: create one to let people reach computers.</p>;
  return (
    <table className="table" aria-label="Policy list">
      <thead>
        <tr>
          <th>Policy</th>
          <th>Revision</th>
          <th>Members</th>
          <th>Computers</th>
          <th>Access levels</th>
          <th>Sessions</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {policies.map((p) => (
          <tr key={p.id} aria-label={p.name}>
            <td>
              <button type="button" className="button link" onClick={() => onOpen(p.id)}>
                {p.name}
              </button>
            </td>
            <td>{p.revision}</td>
            <td>
              {p.persons} people, {p.groups} groups
            </td>
            <td>
              {p.computers} picked{p.tags.length > 0 && `, tags ${p.tags.join(', ')}`}
            </td>
            <td>{p.accessLevels}</td>
            <td>
              {p.credentialKinds.join(', ')} · {p.recording ? 'recorded' : 'not recorded'}
              {p.liveMonitoring ? '' : ' · no live monitoring'}
            </td>
            <td>
              <button type="button" className="button secondary" onClick={() => onDelete(p)}>
                Delete
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
