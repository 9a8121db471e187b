import { useEffect, useState, type FormEvent } from 'react';
import { CodedError } from '../ui/CodedError';
import { problemOf, type AdminProblem } from './adminProblem';
import { useAdmin } from './useAdmin';

/**
 * The server's own switches, as a form: the RDP proxy. (MFA for everyone and the password rules
 * are on Sign-in rules; timers and limits come from the server's configuration.)
 */
export function ServerSettingsSection() {
  const admin = useAdmin();
  const [rdpProxyEnabled, setRdpProxyEnabled] = useState<boolean | null>(null);
  const [revision, setRevision] = useState(0);
  const [problem, setProblem] = useState<AdminProblem | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    admin('system.settings').then(
      (settings) => (setRdpProxyEnabled(settings.rdpProxyEnabled), setRevision(settings.revision)),
      (error: unknown) => setProblem(problemOf(error)),
    );
  }, [admin]);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    try {
      const body = { rdpProxyEnabled: rdpProxyEnabled ?? true, revision };
      const settings = await admin('system.setSettings', { body });
      setRdpProxyEnabled(settings.rdpProxyEnabled);
      setRevision(settings.revision);
      setProblem(null);
      setSaved(true);
    } catch (error) {
      setProblem(problemOf(error));
    }
  };
  return (
    <section aria-label="Server settings">
      <h2>Server settings</h2>
      {rdpProxyEnabled === null ? (
        <CodedError problem={problem} testId="server-settings-error" />
      ) : (
        <form className="card form-grid" aria-label="Server switches" onSubmit={(e) => void save(e)}>
          <label className="check">
            <input
              type="checkbox"
              checked={rdpProxyEnabled}
              onChange={(e) => (setRdpProxyEnabled(e.target.checked), setSaved(false))}
            />
            RDP proxy: RDP computers can start sessions
          </label>
          <p className="muted">
            Switched off, every RDP computer stays listed but says that RDP is off, and no RDP session starts. Running
            sessions go on. MFA for everyone and the password rules are on the Sign-in rules page.
          </p>
          <CodedError problem={problem} testId="server-settings-error" />
          {problem?.code === 'STALE_REVISION' && (
            <button
              type="button"
              className="btn"
              onClick={() => void admin('system.settings').then((s) => (setRevision(s.revision), setProblem(null)))}
            >
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
      )}
    </section>
  );
}
