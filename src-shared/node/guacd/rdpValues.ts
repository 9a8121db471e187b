import { defaultRdpSettings, type RdpSettings } from '../../common/api/rdpSecurity';

/** Connect values for a computer's RDP security, and the guacd arguments they cannot do without. */
export interface SecurityValues {
  values: Record<string, string>;
  /** guacd must list each of these in its `args`, or the session is refused (never connected without them). */
  needs: string[];
  /** The computer checks the credentials with NLA before any session (see nlaRefusal). */
  nla: boolean;
}

/**
 * guacd's RDP security values for a computer's settings: the security mode, then the certificate
 * check. `verify` sends neither `ignore-cert` nor `cert-fingerprints`, so guacd checks the
 * certificate against its system store; `pin` sends the fingerprints as FreeRDP compares them
 * (`sha256:AA:BB:…`). guacd's own `cert-tofu` is never used: OpenPSM keeps what was trusted.
 */
export function rdpSecurityValues(protocol: string, rdp: RdpSettings | undefined): SecurityValues {
  if (protocol !== 'rdp') return { values: {}, needs: [], nla: false };
  const { security, certificate } = rdp ?? defaultRdpSettings;
  const values: Record<string, string> = { security };
  if (certificate.check === 'ignore') values['ignore-cert'] = 'true';
  if (certificate.check === 'pin')
    values['cert-fingerprints'] = certificate.fingerprints.map((fingerprint) => `sha256:${fingerprint}`).join(',');
  return { values, needs: Object.keys(values), nla: security === 'nla' };
}

/**
 * guacd's `error` for an NLA computer that refused the credentials, as guacd should have said it.
 * An NLA server checks the credentials (CredSSP) right after the TLS handshake and, refusing them,
 * drops the connection; FreeRDP sees a transport failure and guacd says "Server refused
 * connection (wrong security type?)" with 519 (seen with FreeRDP's shadow server). A wrong
 * security type fails earlier, in the negotiation, with its own message. So for an NLA computer
 * that 519 becomes 769 (CLIENT_UNAUTHORIZED), guacd's words kept; null for any other error.
 */
export function nlaRefusal(args: string[]): string[] | null {
  const [message = '', status] = args;
  if (status !== '519' || !/^Server refused connection/i.test(message)) return null;
  return [
    `Authentication failure: the NLA computer refused the connection after the TLS handshake (guacd said "${message}", status 519)`,
    '769',
  ];
}
