import { describe, expect, it } from 'vitest';
import { errorForGuacStatus } from './statusErrors';

describe('errorForGuacStatus', () => {
  it("a 519 whose text names the certificate is a refused certificate, with guacd's words kept", () => {
    // What real guacd 1.6.0 sends when its verify callback refuses xrdp's self-signed certificate.
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

  it('another status that mentions a certificate (an SSH certificate login) is not an RDP certificate refusal', () => {
    expect(errorForGuacStatus(769, 'Public key certificate authentication failed').code).toBe('TARGET_AUTH_FAILED');
    expect(errorForGuacStatus(515, 'Bad certificate').code).toBe('TARGET_UNREACHABLE');
  });
});
