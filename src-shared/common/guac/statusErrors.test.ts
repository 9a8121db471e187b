import { describe, expect, it } from 'vitest';
import { errorForGuacStatus } from './statusErrors';

describe('errorForGuacStatus', () => {
  it("a 519 whose text names the certificate is a refused certificate, with guacd's words kept", () => {
    // guacd's text for FreeRDP's TLS_CONNECT_FAILED (guacd built with FreeRDP 3).
    const error = errorForGuacStatus(519, 'SSL/TLS connection failed (untrusted/self-signed certificate?)');
    expect(error.code).toBe('TARGET_CERTIFICATE_REFUSED');
    expect(error.message).toContain("The computer's RDP certificate was refused");
    expect(error.message).toContain('guacd said: "SSL/TLS connection failed (untrusted/self-signed certificate?)"');
    expect(error.message).toContain('(guacd status 519)');
  });

  it('a 519 without a word about certificates is an unreachable computer', () => {
    for (const text of ['Connection failed (server unreachable?)', 'Server refused connection (wrong security type?)'])
      expect(errorForGuacStatus(519, text).code).toBe('TARGET_UNREACHABLE');
  });
});
