import { useState, type FormEvent } from 'react';

/** The audit log's filters as the form holds them (times as the datetime inputs give them, local). */
export interface AuditFilterForm {
  actor: string;
  action: string;
  target: string;
  session: string;
  from: string;
  to: string;
}

export const noFilters: AuditFilterForm = { actor: '', action: '', target: '', session: '', from: '', to: '' };

/** The query the routes read: set fields only, times as ISO instants. */
export function filterQuery(form: AuditFilterForm): Record<string, string | undefined> {
  const instant = (local: string) => (local ? new Date(local).toISOString() : undefined);
  const text = (v: string) => v.trim() || undefined;
  return {
    actor: text(form.actor),
    action: text(form.action),
    target: text(form.target),
    session: text(form.session),
    from: instant(form.from),
    to: instant(form.to),
  };
}

const labels: Array<[keyof AuditFilterForm, string, string]> = [
  ['actor', 'Actor', 'text'],
  ['action', 'Action', 'text'],
  ['target', 'Target contains', 'text'],
  ['session', 'Session', 'text'],
  ['from', 'From', 'datetime-local'],
  ['to', 'To', 'datetime-local'],
];

/** The filter form; what was typed stays after a refusal, each bad field says why. */
export function AuditFilters(props: { errors: Record<string, string>; onApply(form: AuditFilterForm): void }) {
  const [form, setForm] = useState<AuditFilterForm>(noFilters);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onApply(form);
  };
  return (
    <form className="form-grid" aria-label="Audit filters" onSubmit={submit}>
      {labels.map(([name, label, type]) => (
        <label key={name} className="field">
          <span>{label}</span>
          <input
            name={name}
            type={type}
            value={form[name]}
            aria-invalid={props.errors[name] ? true : undefined}
            onChange={(e) => setForm({ ...form, [name]: e.target.value })}
          />
          {props.errors[name] && <small className="field-error">{props.errors[name]}</small>}
        </label>
      ))}
      <div className="actions">
        <button type="submit" className="button">
          Filter
        </button>
      </div>
    </form>
  );
}
