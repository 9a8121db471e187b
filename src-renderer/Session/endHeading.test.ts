import { describe, expect, it } from 'vitest';
import { endHeading } from './endHeading';

describe('endHeading', () => {
  it('names the access manager and the reason of a Terminate', () => {
    expect(
      endHeading('SESSION_TERMINATED', 'bob (access manager) ended this session: Change window closed', true),
    ).toBe('Ended by bob (access manager): Change window closed');
  });
  it('falls back to the role when the message has another shape', () => {
    expect(endHeading('SESSION_TERMINATED', 'An access manager ended this session.', true)).toBe(
      'Ended by an access manager',
    );
  });
  it('says Could not connect for an error before the session connected', () => {
    expect(endHeading('TARGET_AUTH_FAILED', 'refused', false)).toBe('Could not connect');
    expect(endHeading('GUACD_UNREACHABLE', null, false)).toBe('Could not connect');
  });
  it('says Session ended for an end after it connected, with or without an error', () => {
    expect(endHeading(null, null, true)).toBe('Session ended');
    expect(endHeading('SIGN_IN_REVOKED', 'revoked', true)).toBe('Session ended');
    expect(endHeading('SESSION_TIME_LIMIT', 'limit', true)).toBe('Session ended');
  });
  it('tells a watcher that the session they watched ended', () => {
    expect(endHeading('WATCHED_SESSION_ENDED', null, true)).toBe('The session you watched ended');
  });
});
