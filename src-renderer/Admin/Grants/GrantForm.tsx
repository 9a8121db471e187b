import { useEffect, useState, type FormEvent } from 'react';
import type { GrantChoices } from '@shared/common/api/controlPlane/grants';
import { CodedError } from '../../ui/CodedError';
import { FieldError } from '../../ui/FieldError';
import { problemOf, type AdminProblem } from '../adminProblem';
import { useAdmin } from '../useAdmin';
import {
  emptyGrant,
  grantBody,
  grantErrors,
  grantRefusalErrors,
  type GrantDraft,
  type GrantErrors,
} from './grantDraft';

/** One labelled select of the form, with its field error. */
function Choice({
  label,
  name,
  value,
  error,
  options,
  onChange,
}: {
  label: string;
  name: keyof GrantDraft;
  value: string;
  error: string | undefined;
  options: Array<[string, string]>;
  onChange: (value: string) => void;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <select
        name={name}
        aria-label={label}
        value={value}
        aria-invalid={Boolean(error)}
        aria-describedby={error ? `grant-${name}-error` : undefined}
        onChange={(e) => onChange(e.target.value)}
      >
        {options.map(([id, text]) => (
          <option key={id} value={id}>
            {text}
          </option>
        ))}
      </select>
      <FieldError message={error} id={`grant-${name}-error`} />
    </label>
  );
}

/** The form's state: the draft as typed, the choices for its search, each bad field, and a refusal naming none. */
function useGrantForm(defaultHours: number, onGranted: () => void) {
  const admin = useAdmin();
  const [draft, setDraft] = useState(() => emptyGrant(defaultHours));
  const [search, setSearch] = useState('');
  const [choices, setChoices] = useState<GrantChoices | null>(null);
  const [errors, setErrors] = useState<GrantErrors>({});
  const [problem, setProblem] = useState<AdminProblem | null>(null);
  useEffect(() => {
    admin('grants.choices', { query: { search: search || undefined } }).then(setChoices, (error: unknown) =>
      setProblem(problemOf(error)),
    );
  }, [admin, search]);
  const set = (patch: Partial<GrantDraft>) => setDraft((d) => ({ ...d, ...patch }));
  /** Sends a good draft; a refusal keeps what was typed and names its fields. */
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const bad = grantErrors(draft);
    setErrors(bad);
    setProblem(null);
    if (Object.keys(bad).length > 0) return;
    try {
      await admin('grants.create', { body: grantBody(draft) });
      setDraft(emptyGrant(defaultHours));
      onGranted();
    } catch (error) {
      const refusal = problemOf(error);
      const named = grantRefusalErrors(refusal);
      setErrors(named);
      if (Object.keys(named).length === 0) setProblem(refusal);
    }
  };
  return { draft, set, search, setSearch, choices, errors, problem, submit };
}

/** "Grant access": a person (found by search), a policy and one of its levels (or all), and the end. */
export function GrantForm({ defaultHours, onGranted }: { defaultHours: number; onGranted: () => void }) {
  const { draft, set, search, setSearch, choices, errors, problem, submit } = useGrantForm(defaultHours, onGranted);
  const policy = choices?.policies.find((p) => p.id === draft.policyId);
  const persons: Array<[string, string]> = (choices?.persons ?? []).map((p) => [
    p.id,
    `${p.displayName} (${p.username})`,
  ]);
  return (
    <form aria-label="Grant access" onSubmit={(e) => void submit(e)} noValidate>
      <h3>Grant access</h3>
      <CodedError problem={problem} testId="grant-error" />
      <div className="form-grid">
        <label className="field">
          <span>Find a person</span>
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <Choice
          label="Person"
          name="personId"
          value={draft.personId}
          error={errors.personId}
          options={[['', 'Choose a person'], ...persons]}
          onChange={(personId) => set({ personId })}
        />
        <Choice
          label="Policy"
          name="policyId"
          value={draft.policyId}
          error={errors.policyId}
          options={[['', 'Choose a policy'], ...(choices?.policies ?? []).map((p): [string, string] => [p.id, p.name])]}
          onChange={(policyId) => set({ policyId, accessLevelId: '' })}
        />
        <Choice
          label="Access level"
          name="accessLevelId"
          value={draft.accessLevelId}
          error={errors.accessLevelId}
          options={[
            ['', 'Every level of the policy'],
            ...(policy?.levels ?? []).map((l): [string, string] => [
              l.id,
              l.preApproval ? `${l.name} (pre-approval)` : l.name,
            ]),
          ]}
          onChange={(accessLevelId) => set({ accessLevelId })}
        />
        <label className="field">
          <span>Ends</span>
          <input
            type="datetime-local"
            name="endsAt"
            aria-label="Ends"
            step={1}
            value={draft.endsAt}
            aria-invalid={Boolean(errors.endsAt)}
            aria-describedby={errors.endsAt ? 'grant-endsAt-hint grant-endsAt-error' : 'grant-endsAt-hint'}
            onChange={(e) => set({ endsAt: e.target.value })}
          />
          <small className="muted" id="grant-endsAt-hint">
            Default: {defaultHours} hours from now (OPENPSM_GRANT_DEFAULT_HOURS).
          </small>
          <FieldError message={errors.endsAt} id="grant-endsAt-error" />
        </label>
      </div>
      <div className="actions">
        <button type="submit" className="button primary">
          Grant access
        </button>
      </div>
    </form>
  );
}
