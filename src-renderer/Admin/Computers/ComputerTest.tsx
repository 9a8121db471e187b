import { useState } from 'react';
import type { ConnectionTestResult } from '@shared/common/api/controlPlane/computerTools';
import type { RdpSecurityMode } from '@shared/common/api/rdpSecurity';
import type { Protocol } from '@shared/common/api/settings';
import { CodedError } from '../../ui/CodedError';
import { formProblem, type FormProblem } from '../formProblem';
import { useAdmin } from '../useAdmin';

/** The connection fields as the computer's form holds them (the port may still be text being typed). */
export interface ConnectionDraft {
  protocol: Protocol;
  host: string;
  port: number | string;
  /** RDP only. */
  rdpSecurity?: RdpSecurityMode | undefined;
}

export interface ComputerTestProps {
  connection: ConnectionDraft;
  /** The saved computer these fields belong to, when there is one (the audit names it). */
  computerId?: string | undefined;
  /** The SSH host key pinned now (`ssh-ed25519 AAAA…`), to say when the key read is the pinned one. */
  pinnedHostKey?: string | null | undefined;
  /** The RDP certificate fingerprints pinned now. */
  pinnedFingerprints?: string[] | undefined;
  /** Pins the SSH host key read, as known_hosts has it. */
  onPinHostKey(knownHostsKey: string): void;
  /** Pins the RDP certificate's SHA-256 fingerprint read (AA:BB:…). */
  onPinFingerprint(fingerprint: string): void;
}

/** What a test is about, to forget a result once the fields change. */
const keyOf = (c: ConnectionDraft) => `${c.protocol} ${c.host.trim()}:${String(c.port).trim()} ${c.rdpSecurity ?? ''}`;

function PinState({ pinned }: { pinned: boolean }) {
  return pinned ? (
    <span role="status" data-testid="connection-test-pinned">
      Pinned in the form (save the computer to keep it).
    </span>
  ) : null;
}

/** An SSH host key read: algorithm, fingerprint and the known_hosts key, with Pin. */
function SshKey({ result, props }: { result: ConnectionTestResult; props: ComputerTestProps }) {
  const ssh = result.ssh;
  if (!ssh) return null;
  const pinned = props.pinnedHostKey?.trim() === ssh.knownHostsKey;
  return (
    <div aria-label="SSH host key">
      <dl>
        <dt>Server</dt>
        <dd>{ssh.banner}</dd>
        <dt>Host key</dt>
        <dd>{ssh.algorithm}</dd>
        <dt>Fingerprint</dt>
        <dd>
          <code data-testid="connection-test-fingerprint">{ssh.fingerprint}</code>
        </dd>
        <dt>Key (known_hosts)</dt>
        <dd>
          <code data-testid="connection-test-host-key" style={{ wordBreak: 'break-all' }}>
            {ssh.knownHostsKey}
          </code>
        </dd>
      </dl>
      <div className="actions">
        <button
          type="button"
          className="button"
          disabled={pinned}
          onClick={() => props.onPinHostKey(ssh.knownHostsKey)}
        >
          Pin this host key
        </button>
        <PinState pinned={pinned} />
      </div>
    </div>
  );
}

/** An RDP certificate read: fingerprint, subject, issuer and expiry, with Pin. */
function RdpCertificate({ result, props }: { result: ConnectionTestResult; props: ComputerTestProps }) {
  const rdp = result.rdp;
  if (!rdp) return null;
  const pinned = props.pinnedFingerprints?.includes(rdp.fingerprint) ?? false;
  return (
    <div aria-label="RDP certificate">
      <dl>
        <dt>SHA-256 fingerprint</dt>
        <dd>
          <code data-testid="connection-test-fingerprint" style={{ wordBreak: 'break-all' }}>
            {rdp.fingerprint}
          </code>
        </dd>
        <dt>Subject</dt>
        <dd>{rdp.subject}</dd>
        <dt>Issuer</dt>
        <dd>{rdp.issuer}</dd>
        <dt>Valid until</dt>
        <dd>{rdp.validTo}</dd>
        <dt>Security chosen</dt>
        <dd>{rdp.protocol.toUpperCase()}</dd>
      </dl>
      <div className="actions">
        <button
          type="button"
          className="button"
          disabled={pinned}
          onClick={() => props.onPinFingerprint(rdp.fingerprint)}
        >
          Pin this fingerprint
        </button>
        <PinState pinned={pinned} />
      </div>
    </div>
  );
}

/** The draft's fields as the route takes them; a port that is not a number is sent as typed, for the server to name. */
function bodyOf(props: ComputerTestProps) {
  const { protocol, host, port, rdpSecurity } = props.connection;
  const typed = String(port).trim();
  return {
    protocol,
    host: host.trim(),
    port: /^\d+$/.test(typed) ? Number(typed) : typed,
    ...(protocol === 'rdp' && rdpSecurity ? { rdpSecurity } : {}),
    ...(props.computerId ? { computerId: props.computerId } : {}),
  };
}

/**
 * Test connection: the server (where sessions start) opens host:port and reads the SSH host key,
 * the RDP certificate or the VNC banner, logging in nowhere. Shows what it found, with Pin buttons
 * that hand the key or fingerprint to the form, or the coded failure and the bad fields.
 */
export function ComputerTest(props: ComputerTestProps) {
  const admin = useAdmin();
  const key = keyOf(props.connection);
  const [state, setState] = useState<{ key: string; result?: ConnectionTestResult; problem?: FormProblem } | null>(
    null,
  );
  const [testing, setTesting] = useState(false);
  const run = async () => {
    setTesting(true);
    setState(null);
    try {
      setState({ key, result: await admin('computerTools.test', { body: bodyOf(props) }) });
    } catch (error) {
      setState({ key, problem: formProblem(error) });
    } finally {
      setTesting(false);
    }
  };
  // A result is for the fields it tested: once they change, it is not shown.
  const { result, problem } = state?.key === key ? state : {};
  return (
    <section aria-label="Test connection" className="connection-test">
      <div className="actions">
        <button type="button" className="button" disabled={testing} onClick={() => void run()}>
          {testing ? 'Testing…' : 'Test connection'}
        </button>
        <span className="muted">From the server, where sessions start; nothing logs in.</span>
      </div>
      {testing && <p role="status">Connecting to {key.split(' ')[1]}…</p>}
      <CodedError problem={problem ?? null} testId="connection-test-error" />
      {problem?.fields && (
        <ul aria-label="Fields to fix">
          {problem.fields.map((f) => (
            <li key={f.path}>
              {f.path}: {f.message}
            </li>
          ))}
        </ul>
      )}
      {result && (
        <div className="banner banner-success" aria-label="Test result">
          <p data-testid="connection-test-summary">{result.summary}</p>
          <SshKey result={result} props={props} />
          <RdpCertificate result={result} props={props} />
        </div>
      )}
    </section>
  );
}
