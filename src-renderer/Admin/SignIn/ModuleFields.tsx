import type { ReactNode } from 'react';
import type { Role } from '@shared/common/api/controlPlane/basics';

/** The bad fields of a refusal, by their path in the body (`config.url`). */
export type BadFields = Record<string, string>;

const idOf = (path: string) => `${path.replace(/[^a-zA-Z0-9]/g, '-')}-error`;

/** A field's message when the refusal named it. */
function FieldMessage({ path, bad }: { path: string; bad: BadFields }) {
  const error = bad[path];
  return error ? (
    <small className="field-error" id={idOf(path)}>
      {error}
    </small>
  ) : null;
}

/** What every input of these forms shares: its label and its path in the body. */
interface FieldProps {
  path: string;
  label: ReactNode;
  bad: BadFields;
}

/** A line of text (or several, for a PEM), marked and described when refused. */
export function TextField(
  props: FieldProps & {
    value: string;
    onChange(value: string): void;
    type?: 'text' | 'password';
    multiline?: boolean;
    placeholder?: string;
  },
) {
  const { path, bad } = props;
  const common = {
    name: path,
    value: props.value,
    placeholder: props.placeholder,
    'aria-invalid': bad[path] ? true : undefined,
    'aria-describedby': bad[path] ? idOf(path) : undefined,
  };
  return (
    <label className={props.multiline ? 'field field-wide' : 'field'}>
      <span>{props.label}</span>
      {props.multiline ? (
        <textarea {...common} rows={4} onChange={(e) => props.onChange(e.target.value)} />
      ) : (
        <input
          {...common}
          type={props.type ?? 'text'}
          autoComplete={props.type === 'password' ? 'new-password' : 'off'}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
      <FieldMessage path={path} bad={bad} />
    </label>
  );
}

/** A yes-or-no setting. */
export function CheckField(props: { label: string; checked: boolean; onChange(checked: boolean): void }) {
  return (
    <label className="check">
      <input type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} />
      {props.label}
    </label>
  );
}

/** One choice of a few, marked when refused. */
export function SelectField<V extends string>(
  props: FieldProps & { value: V; options: Array<[V, string]>; onChange(value: V): void },
) {
  const { path, bad } = props;
  return (
    <label className="field">
      <span id={`${idOf(path)}-label`}>{props.label}</span>
      {/* Named by the span alone: a label around a select would add the chosen option to its name. */}
      <select
        name={path}
        aria-labelledby={`${idOf(path)}-label`}
        value={props.value}
        aria-invalid={bad[path] ? true : undefined}
        aria-describedby={bad[path] ? idOf(path) : undefined}
        onChange={(e) => props.onChange(e.target.value as V)}
      >
        {props.options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
      <FieldMessage path={path} bad={bad} />
    </label>
  );
}

const roleOptions: Array<[Role, string]> = [
  ['administrator', 'Administrator'],
  ['access_manager', 'Access manager'],
  ['auditor', 'Auditor'],
];

/** Group → role rows: a directory group (DN or claim value) gives a role; rows are added and removed. */
export function GroupRoleRows<K extends 'groupDn' | 'group'>(props: {
  groupKey: K;
  groupLabel: string;
  rows: Array<Record<K, string> & { role: Role }>;
  onChange(rows: Array<Record<K, string> & { role: Role }>): void;
  bad: BadFields;
}) {
  const { groupKey, rows, bad } = props;
  const set = (i: number, patch: Partial<Record<K, string> & { role: Role }>) =>
    props.onChange(rows.map((row, j) => (j === i ? { ...row, ...patch } : row)));
  return (
    <fieldset className="group-roles">
      <legend>Groups to roles</legend>
      {rows.map((row, i) => (
        <div className="group-role" key={i} role="group" aria-label={`Group to role ${i + 1}`}>
          <TextField
            path={`config.groupRoles.${i}.${groupKey}`}
            label={props.groupLabel}
            value={row[groupKey]}
            bad={bad}
            onChange={(value) => set(i, { [groupKey]: value } as Partial<Record<K, string> & { role: Role }>)}
          />
          <SelectField
            path={`config.groupRoles.${i}.role`}
            label="Role"
            value={row.role}
            options={roleOptions}
            bad={bad}
            onChange={(role) => set(i, { role } as Partial<Record<K, string> & { role: Role }>)}
          />
          <button type="button" className="btn" onClick={() => props.onChange(rows.filter((_, j) => j !== i))}>
            Remove
          </button>
        </div>
      ))}
      <button
        type="button"
        className="btn"
        onClick={() =>
          props.onChange([...rows, { [groupKey]: '', role: 'auditor' } as Record<K, string> & { role: Role }])
        }
      >
        Add group
      </button>
    </fieldset>
  );
}
