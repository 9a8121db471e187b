import os from 'node:os';
import type { AuditEntry } from '../db/auditLog';

/** authpriv (10) × 8 + notice (5): security events a SIEM keeps apart from ordinary logs. */
const priority = 10 * 8 + 5;
/** The SD-ID under a private enterprise number placeholder (RFC 5424 §7.2.2: name@number). */
const sdId = 'openpsm@32473';

/** A header field: printable US-ASCII without spaces, at most `max` characters, or "-" (RFC 5424 §6). */
function headerField(value: string, max: number): string {
  const clean = value.replace(/[^\x21-\x7e]/g, '_').slice(0, max);
  return clean || '-';
}

/** A structured-data parameter value: `"`, `\` and `]` escaped (RFC 5424 §6.3.3). */
const paramValue = (value: string) => value.replace(/["\\\]]/g, (c) => `\\${c}`);

/**
 * One audit entry as an RFC 5424 message: the entry's own time, this host, app "openpsm", the
 * action as MSGID, the entry's fields as structured data and the whole entry as JSON text.
 */
export function syslogMessage(entry: AuditEntry, hostname = os.hostname()): string {
  const params = [
    ['id', String(entry.id)],
    ['actor', entry.actor],
    ['action', entry.action],
    ['target', entry.target],
    ...(entry.sessionId ? [['session', entry.sessionId]] : []),
  ]
    .map(([name, value]) => `${name}="${paramValue(value ?? '')}"`)
    .join(' ');
  const header = `<${priority}>1 ${entry.at} ${headerField(hostname, 255)} openpsm - ${headerField(entry.action, 32)}`;
  return `${header} [${sdId} ${params}] ${JSON.stringify(entry)}`;
}

/** Octet-counted framing (RFC 6587 §3.4.1, as RFC 5425 uses over TLS): the length in bytes, a space, the message. */
export function octetFrame(message: string): string {
  return `${Buffer.byteLength(message)} ${message}`;
}
