import { useCallback, useEffect, useState } from 'react';
import type { AppInfo } from '../../src-shared/common/api/app';
import type { Computer, Settings } from '../../src-shared/common/api/settings';
import { Banner } from '../ui/Banner';
import { ComputerForm } from './ComputerForm';
import { GuacdSettings } from './GuacdSettings';
import { useApi } from '../bridge/apiContext';

/** Direct mode: the computers defined on this device, and Connect. */
export function ComputersPage({ info, settings, onConnect }: { info: AppInfo; settings: Settings; onConnect: (computer: Computer) => void }) {
  const api = useApi();
  const [computers, setComputers] = useState<Computer[]>([]);
  const [editing, setEditing] = useState<Computer | 'new' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const reload = useCallback(() => api.computers.list({}).then(setComputers, (e: Error) => setProblem(e.message)), [api]);
  useEffect(() => {
    void reload();
  }, [reload]);

  return (
    <div className="computers">
      <h1>Computers on this device</h1>
      {info.secretStore === 'memory' && (
        <Banner tone="info" title="No OS keychain">
          This device has no OS keychain OpenPSM can use, so passwords are kept in memory for this launch only; enter them again after a restart.
        </Banner>
      )}
      {problem && <Banner tone="error" title="Computers could not be loaded">{problem}</Banner>}
      <table className="table" aria-label="Computers">
        <thead>
          <tr>
            <th>Name</th>
            <th>Protocol</th>
            <th>Host</th>
            <th>User</th>
            <th>Password</th>
            <th aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {computers.map((c) => (
            <tr key={c.id}>
              <td>{c.name}</td>
              <td>{c.protocol.toUpperCase()}</td>
              <td>
                {c.host}:{c.port}
              </td>
              <td>{c.username || '—'}</td>
              <td>{c.hasPassword ? (info.secretStore === 'memory' ? 'kept for this launch' : 'in OS keychain') : 'none (asked when needed)'}</td>
              <td className="row-actions">
                <button type="button" className="button primary" onClick={() => onConnect(c)} aria-label={`Connect to ${c.name}`}>
                  Connect
                </button>
                <button type="button" className="button secondary" onClick={() => setEditing(c)}>
                  Edit
                </button>
                <button type="button" className="button secondary" onClick={() => void api.computers.remove({ id: c.id }).then(reload)}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
          {computers.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                No computers yet. Add one to open a session.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {editing === null ? (
        <button type="button" className="button primary" onClick={() => setEditing('new')}>
          Add a computer
        </button>
      ) : (
        <ComputerForm
          key={editing === 'new' ? 'new' : editing.id}
          computer={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onSave={async (input) => {
            await api.computers.save(input);
            setEditing(null);
            await reload();
          }}
        />
      )}
      <GuacdSettings settings={settings} />
    </div>
  );
}
