import type { ReactNode } from 'react';
import { FieldError } from '../../ui/FieldError';

/** A text input (or a write-only password one) with its label, an optional hint and its field error. */
export function PolicyTextField({
  label,
  name,
  value,
  error,
  onChange,
  password = false,
  hint,
}: {
  label: string;
  name: string;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
  password?: boolean;
  hint?: ReactNode;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <input
        aria-label={label}
        name={name}
        {...(password ? { type: 'password', autoComplete: 'new-password' } : {})}
        value={value}
        aria-invalid={Boolean(error)}
        aria-describedby={`policy-${name}-error`}
        onChange={(e) => onChange(e.target.value)}
      />
      {hint && <small className="muted">{hint}</small>}
      <FieldError message={error} id={`policy-${name}-error`} />
    </label>
  );
}
