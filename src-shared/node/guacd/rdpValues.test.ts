import { describe, expect, it } from 'vitest';
import { nlaRefusal, rdpSecurityValues } from './rdpValues';

const fingerprints = ['AA', 'BB'].map((byte) => Array.from({ length: 32 }, () => byte).join(':'));

describe('rdpSecurityValues', () => {
  it('verify sends only the security mode: guacd checks the certificate against its own store', () => {
    expect(rdpSecurityValues('rdp', { security: 'tls', certificate: { check: 'verify' } })).toEqual({
      values: { security: 'tls' },
      needs: ['security'],
      nla: false,
    });
  });

  it('pin sends every fingerprint as FreeRDP compares them, and needs cert-fingerprints', () => {
    expect(rdpSecurityValues('rdp', { security: 'nla', certificate: { check: 'pin', fingerprints } })).toEqual({
      values: { security: 'nla', 'cert-fingerprints': fingerprints.map((f) => `sha256:${f}`).join(',') },
      needs: ['security', 'cert-fingerprints'],
      nla: true,
    });
  });

  it('ignore sends ignore-cert=true and needs it', () => {
    expect(rdpSecurityValues('rdp', { security: 'any', certificate: { check: 'ignore' } })).toEqual({
      values: { security: 'any', 'ignore-cert': 'true' },
      needs: ['security', 'ignore-cert'],
      nla: false,
    });
  });

  it('a computer without RDP settings gets the default: negotiated security, certificate verified', () => {
    expect(rdpSecurityValues('rdp', undefined)).toEqual({
      values: { security: 'any' },
      needs: ['security'],
      nla: false,
    });
  });

  it('other protocols get no RDP values and need nothing, whatever settings they carry', () => {
    for (const protocol of ['ssh', 'vnc', 'telnet', 'kubernetes'])
      expect(rdpSecurityValues(protocol, { security: 'nla', certificate: { check: 'ignore' } })).toEqual({
        values: {},
        needs: [],
        nla: false,
      });
  });
});

describe('nlaRefusal', () => {
  it("rewrites NLA's refused connection as refused credentials, guacd's words kept; other errors stay", () => {
    const refused = nlaRefusal(['Server refused connection (wrong security type?)', '519']);
    expect(refused?.[1]).toBe('769');
    expect(refused?.[0]).toContain('Server refused connection (wrong security type?)');
    expect(nlaRefusal(['SSL/TLS connection failed (untrusted/self-signed certificate?)', '519'])).toBeNull();
    expect(nlaRefusal(['Server refused connection (wrong security type?)', '515'])).toBeNull();
  });
});
