import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../settings/settingsFile';
import { appTimersFrom } from '@shared/node/config/appSettings';
import { timerDefaults } from './timers';

describe('timers', () => {
  it('pins the production default of the backend health check', () => {
    expect(timerDefaults.backendHealthTimeoutMs).toBe(3000);
  });

  it('pins how often the backend is checked again: with the health timeout, a change shows within 5 s', () => {
    expect(timerDefaults.backendPollMs).toBe(2000);
    expect(timerDefaults.backendPollMs + timerDefaults.backendHealthTimeoutMs).toBeLessThanOrEqual(5000);
    expect(timerDefaults.directGuacdCheckMs).toBe(10_000);
  });

  it('pins the production default of the session token TTL', () => {
    expect(timerDefaults.sessionTokenTtlMs).toBe(30_000);
  });

  it('pins the production defaults of the guacd deadlines (guacamole.md)', () => {
    expect(timerDefaults.argsTimeoutMs).toBe(5000);
    expect(timerDefaults.readyTimeoutMs).toBe(5000);
    expect(timerDefaults.silenceTimeoutMs).toBe(15_000);
    expect(timerDefaults.nopIntervalMs).toBe(5000);
  });

  it('pins the production defaults of the sign-in timers', () => {
    expect(timerDefaults.authRefreshSkewMs).toBe(60_000);
    expect(timerDefaults.signInTimeoutMs).toBe(300_000);
    expect(timerDefaults.iamRetryDelayMs).toBe(300);
  });

  it("pins the production default of the Live view follower's retry", () => {
    expect(timerDefaults.liveRetryMs).toBe(2000);
  });

  it('pins the production defaults of the vault timers, its idle lock and clipboard clearing', () => {
    expect(timerDefaults.vaultUnlockBackoffMs).toBe(1000);
    expect(timerDefaults.vaultSyncRetryMs).toBe(30_000);
    expect(defaultSettings.vault).toEqual({ idleLockSeconds: 15 * 60, clipboardClearSeconds: 30 });
  });

  it('lets config shorten a timer', () => {
    expect(appTimersFrom({ OPENPSM_BACKEND_HEALTH_TIMEOUT_MS: '200' }).backendHealthTimeoutMs).toBe(200);
    expect(appTimersFrom({})).toEqual(timerDefaults);
  });

  it.each(['0', '-5', '1.5', 'soon'])('refuses %s with a message naming the variable', (value) => {
    expect(() => appTimersFrom({ OPENPSM_BACKEND_HEALTH_TIMEOUT_MS: value })).toThrow(
      /OPENPSM_BACKEND_HEALTH_TIMEOUT_MS/,
    );
  });
});
