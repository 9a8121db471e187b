import { useEffect, useState, type FormEvent } from 'react';
import type { AdminResult } from '@shared/common/api/admin';
import { CodedError } from '../ui/CodedError';
import { problemOf, type AdminProblem } from './adminProblem';
import { useAdmin } from './useAdmin';

type View = AdminResult<'audit.forwarding'>;
interface Form {
  enabled: boolean;
  host: string;
  port: string;
  tls: boolean;
  caPem: string;
}

const statusEverySeconds = 2;

/** The forwarder's status in one line: the last delivery, what waits, the last error. */
function statusText(status: View['status']): string {
  const delivered = status.lastDeliveredAt ? new Date(status.lastDeliveredAt).toLocaleString() : 'never';
  return `Last delivered: ${delivered} · Queued: ${status.queued} · Last error: ${status.lastError ?? 'none'}`;
}

/** The form's inputs; each bad one says why. */
function ForwardingFields({ form, setForm, bad }: { form: Form; setForm(f: Form): void; bad: Record<string, string> }) {
  const text = (name: 'host' | 'port', label: string) => (
    <label className="field">
      <span>{label}</span>
      <input
        name={name}
        value={form[name]}
        aria-invalid={bad[name] ? true : undefined}
        onChange={(e) => setForm({ ...form, [name]: e.target.value })}
      />
      {bad[name] && <small className="field-error">{bad[name]}</small>}
    </label>
  );
  return (
    <>
      <label className="check">
        <input
          type="checkbox"
          checked={form.enabled}
          onChange={(e) => setForm({ ...form, enabled: e.target.checked })}
        />
        Forward the audit log
      </label>
      {text('host', 'Host')}
      {text('port', 'Port')}
      <label className="check">
        <input type="checkbox" checked={form.tls} onChange={(e) => setForm({ ...form, tls: e.target.checked })} />
        TLS
      </label>
      <label className="field">
        <span>CA certificate (PEM; empty: the system&apos;s CAs)</span>
        <textarea
          name="caPem"
          rows={4}
          value={form.caPem}
          aria-invalid={bad['caPem'] ? true : undefined}
          onChange={(e) => setForm({ ...form, caPem: e.target.value })}
        />
        {bad['caPem'] && <small className="field-error">{bad['caPem']}</small>}
      </label>
    </>
  );
}

/** Forwarding to a SIEM: where (syslog over TCP, TLS with a pinned CA), and whether it keeps up. */
export function AuditForwarding() {
  const admin = useAdmin();
  const [form, setForm] = useState<Form | null>(null);
  const [status, setStatus] = useState<View['status'] | null>(null);
  // The revision the form read: a save over someone else's newer one is refused as stale.
  const [revision, setRevision] = useState(0);
  const [problem, setProblem] = useState<AdminProblem | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    const read = (withForm: boolean) =>
      admin('audit.forwarding').then(
        (view) => {
          setStatus(view.status);
          if (withForm) setForm({ ...view.settings, port: String(view.settings.port) });
          if (withForm) setRevision(view.revision);
        },
        (e: unknown) => setProblem(problemOf(e)),
      );
    void read(true);
    const timer = setInterval(() => void read(false), statusEverySeconds * 1000);
    return () => clearInterval(timer);
  }, [admin]);

  if (!form) return <CodedError problem={problem} testId="forwarding-error" />;
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    try {
      const view = await admin('audit.setForwarding', { body: { ...form, port: Number(form.port), revision } });
      setStatus(view.status);
      setRevision(view.revision);
      setProblem(null);
      setSaved(true);
    } catch (error) {
      setProblem(problemOf(error));
    }
  };
  // Someone else saved meanwhile: take their revision, keep this form's typing, save again to overwrite.
  const reload = () =>
    admin('audit.forwarding').then(
      (view) => (setRevision(view.revision), setProblem(null)),
      (error: unknown) => setProblem(problemOf(error)),
    );
  return (
    <form className="card form-grid" aria-label="Audit forwarding" onSubmit={(e) => void save(e)}>
      <h3>Forwarding to syslog (RFC 5424 over TCP)</h3>
      <ForwardingFields form={form} setForm={setForm} bad={problem?.fields ?? {}} />
      <CodedError problem={problem} testId="forwarding-error" />
      {problem?.code === 'STALE_REVISION' && (
        <button type="button" className="btn" onClick={() => void reload()}>
          Reload, keeping what I typed
        </button>
      )}
      <div className="actions">
        <button type="submit" className="button">
          Save forwarding
        </button>
        {saved && <span role="status">Saved.</span>}
      </div>
      {status && <p data-testid="forwarding-status">{statusText(status)}</p>}
    </form>
  );
}
