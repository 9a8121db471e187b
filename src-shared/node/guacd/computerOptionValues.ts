import { guacStatus } from '../../common/guac/status';

/** A computer's protocol options the administration sets (null: unset). */
export interface ComputerOptions {
  rdpDomain: string | null;
  /** known_hosts style without the host: `ssh-ed25519 AAAA…`. */
  sshHostKey: string | null;
  vncColorDepth: number | null;
}

/** Connect values for a computer's options, and the guacd arguments they cannot do without. */
export interface OptionValues {
  values: Record<string, string>;
  /** guacd must list each of these in its `args`, or the session is refused (a pinned key is never dropped silently). */
  needs: string[];
  /** An SSH host key is pinned: guacd's abort at connect means the key did not match (hostKeyRefusal). */
  hostKeyPinned: boolean;
}

/**
 * The known_hosts line guacd's `host-key` takes (libssh2 reads it with knownhost_readline and
 * checks the host and port guacd connects to): `host <type> <key>`, and `[host]:port <type> <key>`
 * when the port is not 22, as OpenSSH writes it.
 */
export function knownHostsLine(host: string, port: number, key: string): string {
  return `${port === 22 ? host : `[${host}]:${port}`} ${key}`;
}

/** guacd's values for a computer's options: SSH `host-key`, VNC `color-depth`, RDP `domain`; none for an unset option. */
export function computerOptionValues(
  protocol: string,
  target: { host: string; port: number },
  options: ComputerOptions,
): OptionValues {
  const values: Record<string, string> = {};
  if (protocol === 'ssh' && options.sshHostKey)
    values['host-key'] = knownHostsLine(target.host, target.port, options.sshHostKey);
  if (protocol === 'vnc' && options.vncColorDepth) values['color-depth'] = String(options.vncColorDepth);
  if (protocol === 'rdp' && options.rdpDomain) values['domain'] = options.rdpDomain;
  return { values, needs: Object.keys(values), hostKeyPinned: 'host-key' in values };
}

/** What guacd logs for a host key that matches no pinned key; the rewritten `error` carries it (statusErrors.ts reads it). */
export const hostKeyMismatchText = 'Host key did not match any provided known host keys';

/**
 * guacd's `error` for an SSH computer with a pinned host key, as guacd should have said it.
 * guacd aborts a host key mismatch with SERVER_ERROR (512) and only "Aborted. See logs." (its log
 * says "Host key did not match any provided known host keys"); with a key pinned that 512 is
 * rewritten with the logged words, which errorForGuacStatus reads as TARGET_HOST_KEY_REFUSED.
 * Null for any other error.
 */
export function hostKeyRefusal(args: string[]): string[] | null {
  const status = Number(args[1]);
  if (status !== guacStatus.SERVER_ERROR) return null;
  return [hostKeyMismatchText, String(status)];
}
