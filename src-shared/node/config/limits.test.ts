import { describe, expect, it } from 'vitest';
import { limitDefaults, limitSettingsFrom } from './limits';

describe('limit settings', () => {
  it.each([
    ['attemptsBeforeBackoff', 5],
    ['accountAttemptsBeforeBackoff', 25],
    ['firstBackoffSeconds', 30],
    ['maxBackoffSeconds', 3600],
    ['attemptWindowSeconds', 3600],
    ['knownAddressDays', 30],
    ['sweepIntervalSeconds', 300],
    ['authRequestsPerMinute', 600],
    ['authRequestBurst', 300],
    ['computerTestsPerMinute', 20],
    ['computerImportMaxLines', 10_000],
    ['computerImportMaxBytes', 1_048_576],
  ] as const)('pins the production default of %s', (name, value) => {
    expect(limitDefaults[name]).toBe(value);
    expect(limitSettingsFrom({})[name]).toBe(value);
  });

  it('trusts no proxy unless OPENPSM_TRUSTED_PROXIES lists addresses or ranges', () => {
    expect(limitSettingsFrom({}).trustedProxies).toEqual([]);
    expect(limitSettingsFrom({ OPENPSM_TRUSTED_PROXIES: '10.0.0.1, 192.168.0.0/16,::1' }).trustedProxies).toEqual([
      '10.0.0.1',
      '192.168.0.0/16',
      '::1',
    ]);
    expect(() => limitSettingsFrom({ OPENPSM_TRUSTED_PROXIES: '10.0.0.1,proxy.lan' })).toThrow(
      /OPENPSM_TRUSTED_PROXIES.*proxy\.lan/,
    );
    expect(() => limitSettingsFrom({ OPENPSM_TRUSTED_PROXIES: '10.0.0.0/33' })).toThrow(/OPENPSM_TRUSTED_PROXIES/);
  });

  it('reads shortened limits, lets the request limit be switched off with 0, and names a bad variable', () => {
    const settings = limitSettingsFrom({ OPENPSM_ATTEMPTS_BEFORE_BACKOFF: '3', OPENPSM_AUTH_REQUESTS_PER_MINUTE: '0' });
    expect(settings).toMatchObject({ attemptsBeforeBackoff: 3, authRequestsPerMinute: 0 });
    expect(() => limitSettingsFrom({ OPENPSM_FIRST_BACKOFF_SECONDS: '0' })).toThrow(/OPENPSM_FIRST_BACKOFF_SECONDS/);
    expect(() => limitSettingsFrom({ OPENPSM_MAX_BACKOFF_SECONDS: 'soon' })).toThrow(/OPENPSM_MAX_BACKOFF_SECONDS/);
  });
});
