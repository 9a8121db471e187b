import { describe, expect, it } from 'vitest';
import { rdpSecurityValues } from './rdpValues';

const fingerprints = ['AA', 'BB'].map((byte) => Array.from({ length: 32 }, () => byte).join(':'));

describe('rdpSecurityValues', () => {
  it('verify sends only the security mode: guacd checks the certificate against its own store', () => {
    expect(rdpSecurityValues('rdp', { security: 'tls', certificate: { check: 'verify' } })).toEqual({
      values: { security: 'tls' },
      needs: ['security'],
    });
  });

  it('pin sends every fingerprint as FreeRDP compares them, and needs cert-fingerprints', () => {
    expect(rdpSecurityValues('rdp', { security: 'nla', certificate: { check: 'pin', fingerprints } })).toEqual({
      values: { security: 'nla', 'cert-fingerprints': fingerprints.map((f) => `sha256:${f}`).join(',') },
      needs: ['security', 'cert-fingerprints'],
    });
  });

  it('ignore sends ignore-cert=true and needs it', () => {
    expect(rdpSecurityValues('rdp', { security: 'any', certificate: { check: 'ignore' } })).toEqual({
      values: { security: 'any', 'ignore-cert': 'true' },
      needs: ['security', 'ignore-cert'],
    });
  });

  it('a computer without RDP settings gets the default: negotiated security, certificate verified', () => {
    expect(rdpSecurityValues('rdp', undefined)).toEqual({ values: { security: 'any' }, needs: ['security'] });
  });

  it('other protocols get no RDP values and need nothing, whatever settings they carry', () => {
    for (const protocol of ['ssh', 'vnc', 'telnet', 'kubernetes'])
      expect(rdpSecurityValues(protocol, { security: 'tls', certificate: { check: 'ignore' } })).toEqual({
        values: {},
        needs: [],
      });
  });
});
