import { defaultRdpSettings, type RdpSettings } from '../../common/api/rdpSecurity';

/** Connect values for a computer's RDP security, and the guacd arguments they cannot do without. */
export interface SecurityValues {
  values: Record<string, string>;
  /** guacd must list each of these in its `args`, or the session is refused (never connected without them). */
  needs: string[];
}

/**
 * guacd's RDP security values for a computer's settings: the security mode, then the certificate
 * check. `verify` sends neither `ignore-cert` nor `cert-fingerprints`, so guacd checks the
 * certificate against its system store; `pin` sends the fingerprints as FreeRDP compares them
 * (`sha256:AA:BB:…`). guacd's own `cert-tofu` is never used: OpenPSM keeps what was trusted.
 */
export function rdpSecurityValues(protocol: string, rdp: RdpSettings | undefined): SecurityValues {
  if (protocol !== 'rdp') return { values: {}, needs: [] };
  const { security, certificate } = rdp ?? defaultRdpSettings;
  const values: Record<string, string> = { security };
  if (certificate.check === 'ignore') values['ignore-cert'] = 'true';
  if (certificate.check === 'pin')
    values['cert-fingerprints'] = certificate.fingerprints.map((fingerprint) => `sha256:${fingerprint}`).join(',');
  return { values, needs: Object.keys(values) };
}
