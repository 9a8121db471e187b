import { useState, type FormEvent, type ReactNode } from 'react';
import type { Role } from '@shared/common/api/controlPlane/basics';
import type { PersonDetail } from '@shared/common/api/controlPlane/personFields';

import { isBadField, type FormProblem } from '../formProblem';

/** What the person form holds as typed: text fields, roles, and on creation a password. */
export interface PersonDraft {
  username: string;
  displayName: string;
  email: string;
  department: string;
  location: string;
  costCenter: string;
  manager: string;
  roles: Role[];
  password: string;
}

const allRoles: Array<[Role, string]> = [
  ['administrator', 'Administrator'],
  ['access_manager', 'Access manager'],
  ['auditor', 'Auditor'],
];

/** The draft a person's page starts its edit from. */
export function draftOf(person: PersonDetail | null): PersonDraft {
  return {
    username: person?.username ?? '',
    displayName: person?.displayName ?? '',
    email: person?.email ?? '',
    department: person?.department ?? '',
    location: person?.location ?? '',
    costCenter: person?.costCenter ?? '',
    manager: person?.manager?.username ?? '',
    roles: person?.roles ?? [],
    password: '',
  };
}

/**
 * Create or edit a person. The draft lives in the caller, so a refused save (or a reload after
 * a stale revision) keeps what was typed. Fields the directory owns are shown read-only, with their source.
 */
export function PersonForm(props: {
  title: string;
  draft: PersonDraft;
  onChange: (draft: PersonDraft) => void;
  onSubmit: () => Promise<void>;
  onCancel: () => void;
  creating: boolean;
  /** On creation: whether the administrator types an initial password (not when it is set at first sign-in). */
  askPassword?: boolean;
  /** The fields the person's directory sets, and the directory's name. */
  locked?: { fields: string[]; source: string };
  problem: FormProblem | null;
  children?: ReactNode;
}) {
  const { draft, onChange, problem } = props;
  const [busy, setBusy] = useState(false);
  const lockedField = (field: string) => props.locked?.fields.includes(field) ?? false;
  const text = (field: Exclude<keyof PersonDraft, 'roles'>, label: string, type = 'text') => (
    <label className="field">
      <span>
        {label}
        {lockedField(field) && <em> (set by {props.locked?.source})</em>}
      </span>
      <input
        name={field}
        type={type}
        value={draft[field]}
        readOnly={lockedField(field) || (field === 'username' && !props.creating)}
        aria-invalid={isBadField(problem, field)}
        onChange={(e) => onChange({ ...draft, [field]: e.target.value })}
      />
    </label>
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    await props.onSubmit().finally(() => setBusy(false));
  };
  return (
    <form className="card" onSubmit={(e) => void submit(e)} noValidate aria-label={props.title}>
      <h3>{props.title}</h3>
      {problem && (
        <p className="field-error" role="alert">
          <code>{problem.code}</code> {problem.message}
        </p>
      )}
      <FieldProblems problem={problem} />
      {props.children}
      <div className="form-grid">
        {text('username', 'Username')}
        {text('displayName', 'Display name')}
        {text('email', 'Email', 'email')}
        {text('department', 'Department')}
        {text('location', 'Location')}
        {text('costCenter', 'Cost center')}
        {text('manager', "Manager's username")}
        {props.creating && props.askPassword !== false && text('password', 'Initial password', 'password')}
      </div>
      <RolesField
        roles={draft.roles}
        invalid={isBadField(problem, 'roles')}
        lockedBy={lockedField('roles') ? props.locked?.source : undefined}
        onChange={(roles) => onChange({ ...draft, roles })}
      />
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {props.creating ? 'Create person' : 'Save'}
        </button>
        <button type="button" className="btn" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function RolesField(props: {
  roles: Role[];
  invalid: boolean;
  lockedBy: string | undefined;
  onChange: (roles: Role[]) => void;
}) {
  return (
    <fieldset className="field" aria-invalid={props.invalid}>
      <legend>Roles{props.lockedBy && <em> (set by {props.lockedBy})</em>}</legend>
      {allRoles.map(([role, label]) => (
        <label key={role}>
          <input
            type="checkbox"
            checked={props.roles.includes(role)}
            disabled={props.lockedBy !== undefined}
            onChange={(e) =>
              props.onChange(e.target.checked ? [...props.roles, role] : props.roles.filter((r) => r !== role))
            }
          />{' '}
          {label}
        </label>
      ))}
    </fieldset>
  );
}

/** Every field a refusal names, each with what is wrong with it (a refusal may name several). */
export function FieldProblems({ problem }: { problem: FormProblem | null }) {
  const fields = problem?.fields ?? [];
  if (fields.length === 0) return null;
  return (
    <ul className="field-error" aria-label="Fields to fix">
      {fields.map((f) => (
        <li key={f.path}>
          <code>{f.path}</code> {f.message}
        </li>
      ))}
    </ul>
  );
}
