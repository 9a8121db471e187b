import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, newTotpSecret, otpauthUri, stepAt, totpCode, verifyTotp } from './totp';

// RFC 6238 appendix B, SHA-1: the secret is ASCII "12345678901234567890"; codes are the last 6 digits.
const rfcSecret = base32Encode(Buffer.from('12345678901234567890'));

describe('TOTP', () => {
  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ])('matches RFC 6238 at T=%i', (seconds, code) => {
    expect(totpCode(rfcSecret, stepAt(seconds * 1000))).toBe(code);
  });

  it('round-trips base32 and makes 160-bit secrets', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Encode(base32Decode(secret))).toBe(secret);
  });

  it('accepts a code one step early or late, not two, and never the same step twice', () => {
    const now = 1_700_000_000_000;
    const step = stepAt(now);
    expect(verifyTotp(rfcSecret, totpCode(rfcSecret, step - 1), { now, window: 1, lastUsedStep: null })).toBe(step - 1);
    expect(verifyTotp(rfcSecret, totpCode(rfcSecret, step + 1), { now, window: 1, lastUsedStep: null })).toBe(step + 1);
    expect(verifyTotp(rfcSecret, totpCode(rfcSecret, step + 2), { now, window: 1, lastUsedStep: null })).toBeNull();
    expect(verifyTotp(rfcSecret, totpCode(rfcSecret, step), { now, window: 1, lastUsedStep: step })).toBeNull();
    expect(verifyTotp(rfcSecret, totpCode(rfcSecret, step - 1), { now, window: 1, lastUsedStep: step })).toBeNull();
    expect(verifyTotp(rfcSecret, '12345', { now, window: 1, lastUsedStep: null })).toBeNull();
  });

  it('writes the otpauth URI authenticator apps read', () => {
    expect(otpauthUri('ABC', 'OpenPSM', 'erin')).toBe(
      'otpauth://totp/OpenPSM:erin?secret=ABC&issuer=OpenPSM&algorithm=SHA1&digits=6&period=30',
    );
  });
});
