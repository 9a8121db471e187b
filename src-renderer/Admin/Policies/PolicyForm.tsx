import { useState, type FormEvent } from 'react';
import type { Policy } from '@shared/common/api/controlPlane/policies';
import { CodedError } from '../../ui/CodedError';
import { problemOf, type AdminProblem } from '../adminProblem';
import { useAdmin } from '../useAdmin';
import {
  policyDraftOf,
  emptyPolicy,
  policyBody,
  policyErrors,
  policyRefusalErrors,
  type PolicyDraft,
  type PolicyErrors,
} from './policyDraft';
import { PolicyLevels } from './PolicyLevels';
import { PolicyRequests } from './PolicyRequests';
import { CheckList, type PickItem } from './PolicyPickers';
import { PolicyBasics, PolicySession } from './PolicySettings';

/** What the pickers offer: people, groups and computers by id. */
export interface PolicyChoices {
  persons: PickItem[];
  groups: PickItem[];
  computers: PickItem[];
}

/** The first message among the errors under a list's path (e.g. `persons.2`). */
const listError = (errors: PolicyErrors, path: string) =>
  Object.entries(errors).find(([k]) => k === path || k.startsWith(`${path}.`))?.[1];

/** The form's state: the policy read, the draft as typed, bad fields, and saving or reloading it. */
function usePolicyForm(policy: Policy | null, onSaved: (id: string) => void) {
  const admin = useAdmin();
  const [base, setBase] = useState(policy);
  const [draft, setDraft] = useState(policy ? policyDraftOf(policy) : emptyPolicy);
  const [errors, setErrors] = useState<PolicyErrors>({});
  const [problem, setProblem] = useState<AdminProblem | null>(null);
  const [saved, setSaved] = useState(false);
  const set = (patch: Partial<typeof draft>) => setDraft((d) => ({ ...d, ...patch }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const bad = policyErrors(draft);
    setErrors(bad);
    setProblem(null);
    setSaved(false);
    if (Object.keys(bad).length > 0) return;
    try {
      const body = policyBody(draft);
      const id = base
        ? (await admin('policies.update', { params: { id: base.id }, body: { ...body, revision: base.revision } })).id
        : (await admin('policies.create', { body })).id;
      if (base) setBase(await admin('policies.get', { params: { id } }));
      // The webhook secret is sealed now: the field empties, and says one is set.
      setDraft((d) => ({
        ...d,
        webhookSecret: '',
        webhookSecretSet: d.authorizationOn && d.authorizationPlugin === 'webhook',
      }));
      setSaved(true);
      onSaved(id);
    } catch (error) {
      const refusal = problemOf(error);
      setErrors(policyRefusalErrors(refusal));
      setProblem(refusal);
    }
  };
  const reload = async () => {
    if (!base) return;
    try {
      setBase(await admin('policies.get', { params: { id: base.id } }));
      setProblem(null);
      setErrors({});
    } catch (error) {
      setProblem(problemOf(error));
    }
  };

  return { base, draft, set, errors, problem, saved, submit, reload };
}

/**
 * Creates or edits a policy. An edit is sent on the revision the form read; when someone saved
 * meanwhile, the refusal offers Reload, which reads the policy again and keeps what was typed.
 */
export function PolicyForm({
  policy,
  choices,
  onSaved,
  onCancel,
}: {
  policy: Policy | null;
  choices: PolicyChoices;
  onSaved: (id: string) => void;
  onCancel: () => void;
}) {
  const { base, draft, set, errors, problem, saved, submit, reload } = usePolicyForm(policy, onSaved);
  return (
    <form aria-label={base ? `Edit ${base.name}` : 'New policy'} onSubmit={(e) => void submit(e)} noValidate>
      <h3>{base ? `Edit ${base.name} (revision ${base.revision})` : 'New policy'}</h3>
      <p className="banner banner-info" data-testid="policy-edits-apply">
        Edits apply to new sessions; running sessions keep what they started with.
      </p>
      <CodedError problem={problem} testId="policy-error" />
      {problem?.code === 'STALE_REVISION' && (
        <button type="button" className="button secondary" onClick={() => void reload()}>
          Reload, keeping what I typed
        </button>
      )}
      {saved && <p role="status">Saved.</p>}
      <PolicyBasics draft={draft} errors={errors} set={set} />
      <PolicyMembers draft={draft} errors={errors} choices={choices} set={set} />
      <PolicyLevels
        levels={draft.accessLevels}
        groups={choices.groups}
        errors={errors}
        onChange={(accessLevels) => set({ accessLevels })}
      />
      <PolicyRequests draft={draft} errors={errors} groups={choices.groups} set={set} />
      <h4>Sessions</h4>
      <PolicySession draft={draft} errors={errors} set={set} />
      <div className="actions">
        <button type="submit" className="button primary">
          {base ? 'Save policy' : 'Create policy'}
        </button>
        <button type="button" className="button secondary" onClick={onCancel}>
          Close
        </button>
      </div>
    </form>
  );
}

/** Who the policy lets in (people, groups) and which computers it covers (picked, or by tag). */
function PolicyMembers({
  draft,
  errors,
  choices,
  set,
}: {
  draft: PolicyDraft;
  errors: PolicyErrors;
  choices: PolicyChoices;
  set: (patch: Partial<PolicyDraft>) => void;
}) {
  return (
    <>
      <h4>Members</h4>
      <CheckList
        label="People"
        items={choices.persons}
        chosen={draft.persons}
        onChange={(persons) => set({ persons })}
        error={listError(errors, 'persons')}
      />
      <CheckList
        label="Groups"
        items={choices.groups}
        chosen={draft.groups}
        onChange={(groups) => set({ groups })}
        error={listError(errors, 'groups')}
      />
      <h4>Computers</h4>
      <CheckList
        label="Computers"
        items={choices.computers}
        chosen={draft.computers}
        onChange={(computers) => set({ computers })}
        error={listError(errors, 'computers')}
      />
      <label className="field">
        <span>Computers by tag (comma-separated)</span>
        <input
          aria-label="Computers by tag"
          value={draft.tags}
          aria-invalid={Boolean(listError(errors, 'tags'))}
          onChange={(e) => set({ tags: e.target.value })}
        />
        {listError(errors, 'tags') && (
          <span className="field-error" role="alert">
            {listError(errors, 'tags')}
          </span>
        )}
      </label>
    </>
  );
}
