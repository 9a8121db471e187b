import { useEffect, useState } from 'react';
import type { AdminResult } from '@shared/common/api/admin';
import { OpenPsmError } from '@shared/common/errors';
import { CodedError } from '../ui/CodedError';
import { useAdmin } from './useAdmin';

type Entry = AdminResult<'system.audit'>['entries'][number];

/** The audit log, newest first: when, who, what, and on what. */
export function AuditSection() {
  const admin = useAdmin();
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [problem, setProblem] = useState<{ code: string; message: string } | null>(null);
  useEffect(() => {
    admin('system.audit').then(
      (audit) => setEntries(audit.entries),
      (e: unknown) => setProblem(e instanceof OpenPsmError ? e : { code: 'INTERNAL', message: String(e) }),
    );
  }, [admin]);
  return (
    <section aria-label="Audit log">
      <h2>Audit log</h2>
      <CodedError problem={problem} testId="audit-error" />
      {entries === null && !problem && <p>Loading the audit log…</p>}
      {entries && (
        <table className="table">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>What</th>
              <th>On</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>{new Date(e.at).toLocaleString()}</td>
                <td>{e.actor}</td>
                <td>{e.action}</td>
                <td>{e.target}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
