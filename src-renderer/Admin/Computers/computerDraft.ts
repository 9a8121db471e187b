import type { ComputerDetail } from '@shared/common/api/controlPlane/computerFields';
import type { RdpCertificate, RdpSecurityMode } from '@shared/common/api/rdpSecurity';
import type { Protocol } from '@shared/common/api/settings';
import type { AdminProblem } from '../adminProblem';

/** A computer's form as typed: text as typed (port, tags, pins), kept as it is on any refusal. */
export interface ComputerDraft {
  name: string;
  protocol: Protocol;
  host: string;
  port: string;
  /** Comma-separated. */
  tags: string;
  recording: boolean;
  liveMonitoring: boolean;
  jitEnabled: boolean;
  rdpSecurity: RdpSecurityMode;
  rdpCertificate: RdpCertificate['check'];
  /** One SHA-256 fingerprint a line, for `pin`. */
  rdpFingerprints: string;
  rdpDomain: string;
  sshHostKey: string;
  /** '' for the server's own. */
  vncColorDepth: '' | '8' | '16' | '24' | '32';
}

export type ComputerErrors = Partial<Record<keyof ComputerDraft, string>>;

/** Each protocol's usual port, filled in when the protocol changes and the port was the old one's. */
export const defaultPorts: Record<Protocol, string> = { ssh: '22', rdp: '3389', vnc: '5900', telnet: '23' };

export const emptyComputer: ComputerDraft = {
  name: '',
  protocol: 'ssh',
  host: '',
  port: '22',
  tags: '',
  recording: true,
  liveMonitoring: true,
  jitEnabled: false,
  rdpSecurity: 'any',
  rdpCertificate: 'verify',
  rdpFingerprints: '',
  rdpDomain: '',
  sshHostKey: '',
  vncColorDepth: '',
};

/** The draft of a computer as the server has it. */
export function computerDraftOf(c: ComputerDetail): ComputerDraft {
  return {
    name: c.name,
    protocol: c.protocol,
    host: c.host,
    port: String(c.port),
    tags: c.tags.join(', '),
    recording: c.recording,
    liveMonitoring: c.liveMonitoring,
    jitEnabled: c.jitEnabled,
    rdpSecurity: c.rdp.security,
    rdpCertificate: c.rdp.certificate.check,
    rdpFingerprints: c.rdp.certificate.check === 'pin' ? c.rdp.certificate.fingerprints.join('\n') : '',
    rdpDomain: c.rdpDomain ?? '',
    sshHostKey: c.sshHostKey ?? '',
    vncColorDepth: c.vncColorDepth === null ? '' : (String(c.vncColorDepth) as ComputerDraft['vncColorDepth']),
  };
}

const lines = (text: string, separator: RegExp) =>
  text
    .split(separator)
    .map((t) => t.trim())
    .filter(Boolean);

/** The request body of a draft: the fields, and only the options of its protocol. */
export function computerBody(d: ComputerDraft) {
  const certificate: RdpCertificate =
    d.rdpCertificate === 'pin'
      ? { check: 'pin', fingerprints: lines(d.rdpFingerprints, /[\n,]/) }
      : { check: d.rdpCertificate };
  return {
    name: d.name,
    protocol: d.protocol,
    host: d.host,
    port: /^\d{1,5}$/.test(d.port.trim()) ? Number(d.port) : -1,
    tags: lines(d.tags, /,/),
    recording: d.recording,
    liveMonitoring: d.liveMonitoring,
    jitEnabled: d.jitEnabled,
    ...(d.protocol === 'rdp'
      ? { rdp: { security: d.rdpSecurity, certificate }, rdpDomain: d.rdpDomain.trim() || null }
      : {}),
    ...(d.protocol === 'ssh' ? { sshHostKey: d.sshHostKey.trim() || null } : {}),
    ...(d.protocol === 'vnc' ? { vncColorDepth: d.vncColorDepth ? Number(d.vncColorDepth) : null } : {}),
  };
}

const labels: Record<string, string> = {
  name: 'Name',
  host: 'Host',
  port: 'Port',
  tags: 'Tags',
  rdp: 'RDP certificate',
  rdpDomain: 'Domain',
  sshHostKey: 'Pinned host key',
  vncColorDepth: 'Colour depth',
};

/** The draft field a refusal's path names (`tags.1` → tags, `rdp.certificate.fingerprints.0` → rdpFingerprints). */
function fieldOf(path: string): keyof ComputerDraft | null {
  if (path.startsWith('rdp.certificate')) return 'rdpFingerprints';
  const head = path.split('.')[0] ?? '';
  return head in labels && head !== 'rdp' ? (head as keyof ComputerDraft) : null;
}

/** A refusal's bad fields, each as a sentence beside its input ("Port must be 1-65535."). */
export function computerRefusalErrors(problem: AdminProblem): ComputerErrors {
  const errors: ComputerErrors = {};
  for (const [path, message] of Object.entries(problem.fields)) {
    const field = fieldOf(path);
    if (!field || errors[field]) continue;
    const label = field === 'rdpFingerprints' ? 'Pinned fingerprint' : labels[field];
    const text = field === 'port' && /number|expected/i.test(message) ? 'must be 1-65535' : message;
    errors[field] = `${label} ${text.replace(/\.$/, '')}.`;
  }
  return errors;
}

/** After a reload: what was typed is kept, and each field left as it was read takes the server's new value. */
export function rebased(draft: ComputerDraft, read: ComputerDetail, fresh: ComputerDetail): ComputerDraft {
  const was = computerDraftOf(read);
  const now = computerDraftOf(fresh);
  const keys = Object.keys(draft) as Array<keyof ComputerDraft>;
  return Object.fromEntries(keys.map((k) => [k, draft[k] === was[k] ? now[k] : draft[k]])) as unknown as ComputerDraft;
}
