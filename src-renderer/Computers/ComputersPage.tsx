import { useCallback, useEffect, useState } from 'react';
import type { AppInfo } from '@shared/common/api/app';
import type { Computer, Settings } from '@shared/common/api/settings';
import { Banner } from '../ui/Banner';
import { ComputerForm } from './ComputerForm';
import { GuacdSettings } from './GuacdSettings';
import { useApi } from '../bridge/apiContext';

/** Direct mode: the computers defined on this device, and Connect. */
export function ComputersPage({
  info,
  settings,
  onConnect,
}: {
  info: AppInfo;
  settings: Settings;
  onConnect: (computer: Computer) => void;
}) {
  const api = useApi();
  const [computers, setComputers] = useState<Computer[]>([]);
  const [editing, setEditing] = useState<Computer | 'new' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const reload = useCallback(
    () => api.computers.list({}).then(setComputers, (e: Error) => setProblem(e.message)),
    [api],
  );
  useEffect(() => {
    void reload();
  }, [reload]);

  return (
    <div className="computers">
      <h1>Computers on this device</h1>
      {info.secretStore === 'memory' && (
        <Banner tone="info" title="No OS keychain">
          This device has no OS keychain OpenPSM can use, so passwords are kept in memory for this launch only; enter
          them again after a restart.
        </Banner>
      )}
      {problem && (
        <Banner tone="error" title="Computers could not be loaded">
          {problem}
        </Banner>
      )}
      <ComputerTable
        computers={computers}
        secretStore={info.secretStore}
        onConnect={onConnect}
        onEdit={setEditing}
        onRemove={(c) => void api.computers.remove({ id: c.id }).then(reload)}
      />
      {editing === null ? (
        <button type="button" className="button primary" onClick={() => setEditing('new')}>
          Add a computer
        </button>
      ) : (
        <ComputerForm
          key={editing === 'new' ? 'new' : editing.id}
          computer={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          readCertificate={(host, port) => api.computers.readCertificate({ host, port })}
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

/** The computers table: one row per computer, or a line saying there are none yet. */
function ComputerTable({
  computers,
  secretStore,
  onConnect,
  onEdit,
  onRemove,
}: {
  computers: Computer[];
  secretStore: AppInfo['secretStore'];
  onConnect: (computer: Computer) => void;
  onEdit: (computer: Computer) => void;
  onRemove: (computer: Computer) => void;
}) {
  return (
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
          <ComputerRow
            key={c.id}
            computer={c}
            secretStore={secretStore}
            onConnect={() => onConnect(c)}
            onEdit={() => onEdit(c)}
            onRemove={() => onRemove(c)}
          />
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
  );
}

/** One computer's row: where it is, where its password is kept, and Connect, Edit and Remove. */
function ComputerRow({
  computer: c,
  secretStore,
  onConnect,
  onEdit,
  onRemove,
}: {
  computer: Computer;
  secretStore: AppInfo['secretStore'];
  onConnect: () => void;
  onEdit: () => void;
  onRemove: () => void;
}) {
  return (
    <tr>
      <td>{c.name}</td>
      <td>{c.protocol.toUpperCase()}</td>
      <td>
        {c.host}:{c.port}
      </td>
      <td>{c.username || '—'}</td>
      <td>
        {c.hasPassword
          ? secretStore === 'memory'
            ? 'kept for this launch'
            : 'in OS keychain'
          : 'none (asked when needed)'}
      </td>
      <td className="row-actions">
        <button type="button" className="button primary" onClick={onConnect} aria-label={`Connect to ${c.name}`}>
          Connect
        </button>
        <button type="button" className="button secondary" onClick={onEdit}>
          Edit
        </button>
        <button type="button" className="button secondary" onClick={onRemove}>
          Remove
        </button>
      </td>
    </tr>
  );
}
