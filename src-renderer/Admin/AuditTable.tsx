import type { AdminResult } from '@shared/common/api/admin';

export type AuditEntryView = AdminResult<'system.audit'>['entries'][number];
type Change = AuditEntryView['changes'][number];

const shown = (value: unknown) =>
  value === '' ? '(empty)' : typeof value === 'string' ? value : JSON.stringify(value);

/** One changed field: before → after, or only "changed" for a secret. */
function changeText(change: Change): string {
  return 'secret' in change
    ? `${change.field}: changed`
    : `${change.field}: ${shown(change.before)} → ${shown(change.after)}`;
}

/** The audit entries: when, who, what, on what, and what an edit changed. */
export function AuditTable({ entries }: { entries: AuditEntryView[] }) {
  if (entries.length === 0) return <p className="muted">No entries match.</p>;
  return (
    <table className="table" aria-label="Audit entries">
      <thead>
        <tr>
          <th>When</th>
          <th>Who</th>
          <th>What</th>
          <th>On</th>
          <th>Changes</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.id}>
            <td>{new Date(e.at).toLocaleString()}</td>
            <td>{e.actor}</td>
            <td>{e.action}</td>
            <td>{e.target}</td>
            <td>
              {e.changes.length > 0 && (
                <ul aria-label="Changed fields">
                  {e.changes.map((c) => (
                    <li key={c.field}>{changeText(c)}</li>
                  ))}
                </ul>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
