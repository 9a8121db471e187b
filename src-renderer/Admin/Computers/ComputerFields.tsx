import type { Protocol } from '@shared/common/api/settings';
import { FieldError } from '../../ui/FieldError';
import { defaultPorts, type ComputerDraft, type ComputerErrors } from './computerDraft';

type TextKey = 'name' | 'host' | 'port' | 'tags' | 'rdpDomain' | 'sshHostKey' | 'rdpFingerprints';

interface FieldsProps {
  draft: ComputerDraft;
  errors: ComputerErrors;
  set: (patch: Partial<ComputerDraft>) => void;
}

/** One text input with its label and its error beside it. */
function TextField(props: FieldsProps & { field: TextKey; label: string; hint?: string; multiline?: boolean }) {
  const { draft, errors, set, field, label } = props;
  const errorId = `computer-${field}-error`;
  const common = {
    'aria-label': label,
    'aria-invalid': Boolean(errors[field]),
    'aria-describedby': errors[field] ? errorId : undefined,
    value: draft[field],
    autoComplete: 'off',
    spellCheck: false,
  };
  return (
    <label className="field">
      <span>{label}</span>
      {props.multiline ? (
        <textarea rows={3} {...common} onChange={(e) => set({ [field]: e.target.value })} />
      ) : (
        <input {...common} onChange={(e) => set({ [field]: e.target.value })} />
      )}
      {props.hint && <small className="muted">{props.hint}</small>}
      <FieldError message={errors[field]} id={errorId} />
    </label>
  );
}

/** A yes/no switch. */
function Check({ label, checked, onChange }: { label: string; checked: boolean; onChange: (on: boolean) => void }) {
  return (
    <label className="check">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} /> {label}
    </label>
  );
}

/** A computer's fields: name, protocol, where it listens, tags, the switches, and its protocol's options. */
export function ComputerFields(props: FieldsProps) {
  const { draft, set } = props;
  const changeProtocol = (protocol: Protocol) =>
    set({ protocol, port: draft.port === defaultPorts[draft.protocol] ? defaultPorts[protocol] : draft.port });
  return (
    <div className="form-grid">
      <TextField {...props} field="name" label="Name" />
      <label className="field">
        <span>Protocol</span>
        <select
          aria-label="Protocol"
          value={draft.protocol}
          onChange={(e) => changeProtocol(e.target.value as Protocol)}
        >
          <option value="ssh">SSH</option>
          <option value="rdp">RDP</option>
          <option value="vnc">VNC</option>
          <option value="telnet">Telnet</option>
        </select>
      </label>
      <TextField {...props} field="host" label="Host" hint="A host name or an IP address, as the gateway reaches it." />
      <TextField {...props} field="port" label="Port" />
      <TextField {...props} field="tags" label="Tags" hint="Separated by commas, e.g. prod, linux." />
      <Check label="Record sessions" checked={draft.recording} onChange={(recording) => set({ recording })} />
      <Check
        label="Allow live monitoring"
        checked={draft.liveMonitoring}
        onChange={(liveMonitoring) => set({ liveMonitoring })}
      />
      <Check
        label="JIT accounts (a throwaway account per session)"
        checked={draft.jitEnabled}
        onChange={(jitEnabled) => set({ jitEnabled })}
      />
      <ProtocolOptions {...props} />
    </div>
  );
}

/** The options real targets of the chosen protocol need. */
function ProtocolOptions(props: FieldsProps) {
  const { draft, set } = props;
  if (draft.protocol === 'ssh')
    return (
      <fieldset aria-label="SSH options">
        <legend>SSH</legend>
        <TextField
          {...props}
          field="sshHostKey"
          label="Pinned host key"
          multiline
          hint='The key as known_hosts holds it ("ssh-ed25519 AAAA…", from ssh-keyscan or /etc/ssh/ssh_host_ed25519_key.pub). Empty: any key is accepted.'
        />
      </fieldset>
    );
  if (draft.protocol === 'vnc')
    return (
      <fieldset aria-label="VNC options">
        <legend>VNC</legend>
        <label className="field">
          <span>Colour depth</span>
          <select
            aria-label="Colour depth"
            value={draft.vncColorDepth}
            onChange={(e) => set({ vncColorDepth: e.target.value as ComputerDraft['vncColorDepth'] })}
          >
            <option value="">The server&apos;s own</option>
            <option value="8">8 bits (256 colours)</option>
            <option value="16">16 bits</option>
            <option value="24">24 bits</option>
            <option value="32">32 bits</option>
          </select>
        </label>
      </fieldset>
    );
  if (draft.protocol === 'rdp') return <RdpOptions {...props} />;
  return null;
}

/** RDP: security mode, domain, and how the certificate is checked. */
function RdpOptions(props: FieldsProps) {
  const { draft, set } = props;
  return (
    <fieldset aria-label="RDP options">
      <legend>RDP</legend>
      <label className="field">
        <span>Security mode</span>
        <select
          aria-label="Security mode"
          value={draft.rdpSecurity}
          onChange={(e) => set({ rdpSecurity: e.target.value as ComputerDraft['rdpSecurity'] })}
        >
          <option value="any">Negotiated (any)</option>
          <option value="nla">NLA</option>
          <option value="tls">TLS</option>
          <option value="rdp">RDP encryption</option>
        </select>
      </label>
      <TextField {...props} field="rdpDomain" label="Domain" hint="The Windows domain of the login; empty for none." />
      <label className="field">
        <span>Certificate</span>
        <select
          aria-label="Certificate"
          value={draft.rdpCertificate}
          onChange={(e) => set({ rdpCertificate: e.target.value as ComputerDraft['rdpCertificate'] })}
        >
          <option value="verify">Verify against guacd&apos;s trusted certificates</option>
          <option value="pin">Pin SHA-256 fingerprints</option>
          <option value="ignore">Ignore (warning: any certificate is accepted)</option>
        </select>
      </label>
      {draft.rdpCertificate === 'pin' && (
        <TextField
          {...props}
          field="rdpFingerprints"
          label="Pinned fingerprints"
          multiline
          hint="One SHA-256 fingerprint a line (AA:BB:…, 32 bytes)."
        />
      )}
    </fieldset>
  );
}
