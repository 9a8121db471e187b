import { FieldError } from '../../ui/FieldError';

/** A text input with its label and field error. */
export function PolicyTextField({
  label,
  name,
  value,
  error,
  onChange,
}: {
  label: string;
  name: string;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <input
        aria-label={label}
        name={name}
        value={value}
        aria-invalid={Boolean(error)}
        aria-describedby={`policy-${name}-error`}
        onChange={(e) => onChange(e.target.value)}
      />
      <FieldError message={error} id={`policy-${name}-error`} />
    </label>
  );
}
