import { useEffect, useState, type FormEvent } from 'react';
import { CodedError } from '../../ui/CodedError';
import { problemOf, type AdminProblem } from '../adminProblem';
import { useAdmin } from '../useAdmin';
import { refusalOf, rulesBody, rulesDraftOf, rulesProblem, type RulesDraft } from './rulesDraft';

type NumberField = 'minLength' | 'minClasses';

/** One number of the password rules, with its bad-field message when the server refused it. */
function NumberInput(props: {
  field: NumberField;
  label: string;
  draft: RulesDraft;
  onChange(draft: RulesDraft): void;
  bad: Record<string, string>;
}) {
  const { field, draft, bad } = props;
  const error = bad[`passwordRules.${field}`];
  return (
    <label className="field">
      <span>{props.label}</span>
      <input
        name={`passwordRules.${field}`}
        inputMode="numeric"
        value={draft[field]}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${field}-error` : undefined}
        onChange={(e) => props.onChange({ ...draft, [field]: e.target.value })}
      />
      {error && (
        <small className="field-error" id={`${field}-error`}>
          {error}
        </small>
      )}
    </label>
  );
}

/** One yes-or-no setting of the form. */
function CheckInput(props: {
  field: 'mfaRequiredForSignIn' | 'refuseUsername';
  label: string;
  draft: RulesDraft;
  onChange(draft: RulesDraft): void;
}) {
  const { field, draft } = props;
  return (
    <label className="check">
      <input
        type="checkbox"
        checked={draft[field]}
        onChange={(e) => props.onChange({ ...draft, [field]: e.target.checked })}
      />
      {props.label}
    </label>
  );
}

/** The checkboxes and numbers of the form. */
function RulesFields(props: { draft: RulesDraft; onChange(draft: RulesDraft): void; bad: Record<string, string> }) {
  return (
    <>
      <CheckInput {...props} field="mfaRequiredForSignIn" label="MFA required for everyone" />
      <h4>Password rules for local accounts</h4>
      <NumberInput {...props} field="minLength" label="Minimum length (8–128)" />
      <NumberInput
        {...props}
        field="minClasses"
        label="Character classes to mix (1–4: lower, upper, digits, symbols)"
      />
      <CheckInput {...props} field="refuseUsername" label="Refuse passwords that contain the username" />
    </>
  );
}

/** "MFA required for everyone" and the password rules: Save keeps what was typed when refused and marks each bad field. */
export function RulesForm() {
  const admin = useAdmin();
  const [draft, setDraft] = useState<RulesDraft | null>(null);
  const [problem, setProblem] = useState<AdminProblem | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    admin('system.settings').then(
      (settings) => setDraft(rulesDraftOf(settings)),
      (error: unknown) => setProblem(problemOf(error)),
    );
  }, [admin]);
  if (!draft) return <CodedError problem={problem} testId="sign-in-rules-error" />;
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const local = rulesProblem(draft);
    if (local) return setProblem(local);
    try {
      setDraft(rulesDraftOf(await admin('system.setSettings', { body: rulesBody(draft) })));
      setProblem(null);
      setSaved(true);
    } catch (error) {
      setProblem(refusalOf(error));
    }
  };
  const edit = (next: RulesDraft) => (setDraft(next), setSaved(false));
  // Someone else saved meanwhile: take their revision, keep this form's typing, save again to overwrite.
  const reload = async () => {
    const settings = await admin('system.settings');
    setDraft({ ...draft, revision: settings.revision });
    setProblem(null);
  };
  return (
    <form className="card form-grid" aria-label="Password and MFA rules" noValidate onSubmit={(e) => void save(e)}>
      <h3>Password and MFA rules</h3>
      <RulesFields draft={draft} onChange={edit} bad={problem?.fields ?? {}} />
      <CodedError problem={problem} testId="sign-in-rules-error" />
      {problem?.code === 'STALE_REVISION' && (
        <button type="button" className="btn" onClick={() => void reload()}>
          Reload, keeping what I typed
        </button>
      )}
      <div className="actions">
        <button type="submit" className="btn btn-primary">
          Save
        </button>
        {saved && <span role="status">Saved.</span>}
      </div>
    </form>
  );
}
