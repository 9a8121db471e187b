import { describe, expect, it } from 'vitest';
import { errorCatalog, errorMessage, OpenPsmError } from './errors';

describe('the error catalog', () => {
  it('names the configured duration the thrower passes, never a fixed one', () => {
    expect(errorMessage('GUACD_NO_ANSWER', { seconds: 5 })).toBe(
      'guacd did not answer the session request within 5 seconds. This guacd may not support the protocol, or the address is not a guacd.',
    );
    expect(errorMessage('GUACD_NOT_READY', { seconds: 30 })).toBe(
      'guacd took the session request but did not start the session within 30 seconds.',
    );
    expect(errorMessage('GUACD_SILENT', { seconds: 15 })).toBe(
      'guacd stopped answering: nothing arrived for 15 seconds, so OpenPSM closed the session. guacd may be overloaded or stuck.',
    );
    expect(errorMessage('SESSION_TIMEOUT', { seconds: 120 })).toBe(
      'The session was closed because guacd received nothing from it for 2 minutes.',
    );
    expect(errorMessage('GUACD_NO_ANSWER')).toContain('did not answer the session request in time.');
  });

  it('has no duration written into a message', () => {
    for (const entry of Object.values(errorCatalog))
      if (typeof entry === 'string') expect(entry).not.toMatch(/\b\d+ (s|seconds?|minutes?)\b/);
  });

  it('carries its params: a more precise message, the bad field, when to try again', () => {
    const error = new OpenPsmError('VAULT_UNLOCK_LIMITED', {
      message: 'Try again in 60 seconds.',
      retryAfterSeconds: 60,
    });
    expect(error).toMatchObject({
      code: 'VAULT_UNLOCK_LIMITED',
      message: 'Try again in 60 seconds.',
      params: { retryAfterSeconds: 60 },
    });
    expect(new OpenPsmError('SETTINGS_INVALID', { path: 'backend.serverUrl' }).toInfo()).toEqual({
      code: 'SETTINGS_INVALID',
      message: errorCatalog.SETTINGS_INVALID,
      path: 'backend.serverUrl',
    });
    const fields = [
      { path: 'newPassword', message: 'is too short' },
      { path: 'repeatPassword', message: 'differs from the new password' },
    ];
    // Every bad field crosses to the renderer, not only the first.
    expect(new OpenPsmError('BAD_REQUEST', { path: 'newPassword', fields }).toInfo()).toEqual({
      code: 'BAD_REQUEST',
      message: errorCatalog.BAD_REQUEST,
      path: 'newPassword',
      fields,
    });
    expect(new OpenPsmError('GUACD_SILENT', { seconds: 15 }).message).toBe(
      errorMessage('GUACD_SILENT', { seconds: 15 }),
    );
  });
});
