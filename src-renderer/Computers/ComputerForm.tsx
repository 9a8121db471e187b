import { useState, type FormEvent } from 'react';
import type { ComputerInput } from '@shared/common/api/computers';
import type { Computer, Protocol } from '@shared/common/api/settings';
import { defaultRdpSettings, type RdpCertificateSeen, type RdpSettings } from '@shared/common/api/rdpSecurity';
import { OpenPsmError } from '@shared/common/errors';
import { RdpSecurityFields } from './RdpSecurityFields';

const defaultPorts: Record<Protocol, number> = { ssh: 22, rdp: 3389, vnc: 5900, telnet: 23 };

/** The form's fields as typed (a protocol change moves a default port along), and Save with its error. */
function useComputerDraft(computer: Computer | null, onSave: (input: ComputerInput) => Promise<void>) {
  const [name, setName] = useState(computer?.name ?? '');
  const [protocol, setProtocol] = useState<Protocol>(computer?.protocol ?? 'ssh');
  const [host, setHost] = useState(computer?.host ?? '');
  const [port, setPort] = useState(String(computer?.port ?? 22));
  const [username, setUsername] = useState(computer?.username ?? '');
  const [password, setPassword] = useState('');
  const [disableCopy, setDisableCopy] = useState(computer?.disableCopy ?? false);
  const [disablePaste, setDisablePaste] = useState(computer?.disablePaste ?? false);
  const [rdp, setRdp] = useState<RdpSettings>(computer?.rdp ?? defaultRdpSettings);
  const [error, setError] = useState<{ message: string; path?: string | undefined } | null>(null);

  const changeProtocol = (next: Protocol) => {
    if (Number(port) === defaultPorts[protocol]) setPort(String(defaultPorts[next]));
    setProtocol(next);
  };
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
        ...(protocol === 'rdp' ? { rdp } : {}),
        ...(password !== '' ? { password } : {}),
      });
    } catch (e) {
      setError({
        message: e instanceof Error ? e.message : String(e),
        path: e instanceof OpenPsmError ? e.path : undefined,
      });
    }
  };

  return {
    name,
    setName,
    protocol,
    changeProtocol,
    host,
    setHost,
    port,
    setPort,
    username,
    setUsername,
    password,
    setPassword,
    disableCopy,
    setDisableCopy,
    disablePaste,
    setDisablePaste,
    rdp,
    setRdp,
    error,
    submit,
  };
}

/** Add or edit a computer. The password field is write-only: the saved one is never shown. */
export function ComputerForm({
  computer,
  onSave,
  onCancel,
  readCertificate,
}: {
  computer: Computer | null;
  onSave: (input: ComputerInput) => Promise<void>;
  onCancel: () => void;
  /** Reads the certificate an RDP computer presents at a host and port, for the user to pin. */
  readCertificate: (host: string, port: number) => Promise<RdpCertificateSeen>;
}) {
  const draft = useComputerDraft(computer, onSave);

  return (
    <form
      className="card computer-form"
      onSubmit={(e) => void draft.submit(e)}
      noValidate
      aria-label={computer ? `Edit ${computer.name}` : 'Add a computer'}
    >
      <h2>{computer ? `Edit ${computer.name}` : 'Add a computer'}</h2>
      {draft.error && (
        <p className="field-error" role="alert">
          {draft.error.message}
        </p>
      )}
      <div className="form-grid">
        <label className="field">
          <span>Name</span>
          <input name="name" value={draft.name} onChange={(e) => draft.setName(e.target.value)} />
        </label>
        <ProtocolField protocol={draft.protocol} onChange={draft.changeProtocol} />
        <label className="field">
          <span>Host</span>
          <input
            name="host"
            value={draft.host}
            onChange={(e) => draft.setHost(e.target.value)}
            placeholder="server.example.com"
          />
        </label>
        <label className="field">
          <span>Port</span>
          <input name="port" inputMode="numeric" value={draft.port} onChange={(e) => draft.setPort(e.target.value)} />
        </label>
        <LoginFields
          username={draft.username}
          password={draft.password}
          hasPassword={computer?.hasPassword ?? false}
          onUsernameChange={draft.setUsername}
          onPasswordChange={draft.setPassword}
        />
      </div>
      {draft.protocol === 'rdp' && (
        <RdpSecurityFields
          value={draft.rdp}
          onChange={draft.setRdp}
          read={() => readCertificate(draft.host, Number(draft.port))}
        />
      )}
      <ClipboardChecks
        disableCopy={draft.disableCopy}
        disablePaste={draft.disablePaste}
        onCopyChange={draft.setDisableCopy}
        onPasteChange={draft.setDisablePaste}
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

/** The account the session signs in with: the username, and a write-only password. */
function LoginFields({
  username,
  password,
  hasPassword,
  onUsernameChange,
  onPasswordChange,
}: {
  username: string;
  password: string;
  /** A password is saved already (typing one replaces it). */
  hasPassword: boolean;
  onUsernameChange: (username: string) => void;
  onPasswordChange: (password: string) => void;
}) {
  return (
    <>
      <label className="field">
        <span>Username</span>
        <input name="username" autoComplete="off" value={username} onChange={(e) => onUsernameChange(e.target.value)} />
      </label>
      <label className="field">
        <span>Password {hasPassword ? '(kept; type to replace)' : ''}</span>
        <input
          name="password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => onPasswordChange(e.target.value)}
        />
      </label>
    </>
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
