import { useState, type FormEvent } from 'react';
import type { ComputerInput } from '@shared/common/api/computers';
import type { Computer, Protocol } from '@shared/common/api/settings';
import { OpenPsmError } from '@shared/common/errors';

const defaultPorts: Record<Protocol, number> = { ssh: 22, rdp: 3389, vnc: 5900, telnet: 23 };

/** Add or edit a computer. The password field is write-only: the saved one is never shown. */
export function ComputerForm({
  computer,
  onSave,
  onCancel,
}: {
  computer: Computer | null;
  onSave: (input: ComputerInput) => Promise<void>;
  onCancel: () => void;
}) {
  const [name, setName] = useState(computer?.name ?? '');
  const [protocol, setProtocol] = useState<Protocol>(computer?.protocol ?? 'ssh');
  const [host, setHost] = useState(computer?.host ?? '');
  const [port, setPort] = useState(String(computer?.port ?? 22));
  const [username, setUsername] = useState(computer?.username ?? '');
  const [password, setPassword] = useState('');
  const [disableCopy, setDisableCopy] = useState(computer?.disableCopy ?? false);
  const [disablePaste, setDisablePaste] = useState(computer?.disablePaste ?? false);
  const [error, setError] = useState<{ message: string; path?: string | undefined } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await onSave({
        ...(computer ? { id: computer.id } : {}),
        name,
        protocol,
        host,
        port: Number(port),
        username,
        disableCopy,
        disablePaste,
        ...(password !== '' ? { password } : {}),
      });
    } catch (e) {
      setError({
        message: e instanceof Error ? e.message : String(e),
        path: e instanceof OpenPsmError ? e.path : undefined,
      });
    }
  };

  return (
    <form
      className="card computer-form"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-label={computer ? `Edit ${computer.name}` : 'Add a computer'}
    >
      <h2>{computer ? `Edit ${computer.name}` : 'Add a computer'}</h2>
      {error && (
        <p className="field-error" role="alert">
          {error.message}
        </p>
      )}
      <div className="form-grid">
        <label className="field">
          <span>Name</span>
          <input name="name" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <ProtocolField
          protocol={protocol}
          onChange={(next) => {
            if (Number(port) === defaultPorts[protocol]) setPort(String(defaultPorts[next]));
            setProtocol(next);
          }}
        />
        <label className="field">
          <span>Host</span>
          <input name="host" value={host} onChange={(e) => setHost(e.target.value)} placeholder="server.example.com" />
        </label>
        <label className="field">
          <span>Port</span>
          <input name="port" inputMode="numeric" value={port} onChange={(e) => setPort(e.target.value)} />
        </label>
        <label className="field">
          <span>Username</span>
          <input name="username" autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label className="field">
          <span>Password {computer?.hasPassword ? '(kept; type to replace)' : ''}</span>
          <input
            name="password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
      </div>
      <ClipboardChecks
        disableCopy={disableCopy}
        disablePaste={disablePaste}
        onCopyChange={setDisableCopy}
        onPasteChange={setDisablePaste}
      />
      <div className="actions">
        <button type="submit" className="button primary">
          Save computer
        </button>
        <button type="button" className="button secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The protocol choice; the form moves the port along when it was the old protocol's default. */
function ProtocolField({ protocol, onChange }: { protocol: Protocol; onChange: (next: Protocol) => void }) {
  return (
    <label className="field">
      <span>Protocol</span>
      <select name="protocol" value={protocol} onChange={(e) => onChange(e.target.value as Protocol)}>
        <option value="ssh">SSH</option>
        <option value="rdp">RDP</option>
        <option value="vnc">VNC</option>
        <option value="telnet">Telnet</option>
      </select>
    </label>
  );
}

/** The two clipboard switches: block copying from, and pasting to, the remote computer. */
function ClipboardChecks({
  disableCopy,
  disablePaste,
  onCopyChange,
  onPasteChange,
}: {
  disableCopy: boolean;
  disablePaste: boolean;
  onCopyChange: (on: boolean) => void;
  onPasteChange: (on: boolean) => void;
}) {
  return (
    <>
      <label className="check">
        <input type="checkbox" checked={disableCopy} onChange={(e) => onCopyChange(e.target.checked)} /> Block copying
        from the remote computer
      </label>
      <label className="check">
        <input type="checkbox" checked={disablePaste} onChange={(e) => onPasteChange(e.target.checked)} /> Block pasting
        to the remote computer
      </label>
    </>
  );
}
