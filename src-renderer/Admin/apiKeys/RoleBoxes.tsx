import type { Role } from '@shared/common/api/controlPlane/basics';

const allRoles: Role[] = ['administrator', 'access_manager', 'auditor'];

/** A tick box per role; `error` marks the group when the server refused the roles. */
export function RoleBoxes(props: {
  legend: string;
  value: Role[];
  onChange(roles: Role[]): void;
  error?: string | undefined;
}) {
  const { legend, value, onChange, error } = props;
  return (
    <fieldset aria-invalid={error ? true : undefined}>
      <legend>{legend}</legend>
      {allRoles.map((role) => (
        <label key={role}>
          <input
            type="checkbox"
            checked={value.includes(role)}
            onChange={(e) => onChange(e.target.checked ? [...value, role] : value.filter((r) => r !== role))}
          />{' '}
          {role}
        </label>
      ))}
      {error && <span className="field-error">{error}</span>}
    </fieldset>
  );
}
