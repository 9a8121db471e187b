import { describe, expect, it } from 'vitest';
import { errorMessage } from './errors';
import { waitText } from './retryWait';

describe('waitText', () => {
  it.each([
    [0.2, '1 second'],
    [30, '30 seconds'],
    [119, '119 seconds'],
    [120, '2 minutes'],
    [121, '3 minutes'],
    [3600, '60 minutes'],
    [7200, '2 hours'],
  ])('%s s reads "%s"', (seconds, text) => expect(waitText(seconds)).toBe(text));

  it("fills the catalog's retry messages: what was guessed, and when to try again", () => {
    expect(errorMessage('TOO_MANY_ATTEMPTS', { guessed: 'password', retryAfterSeconds: 30 })).toBe(
      'Too many wrong passwords for this account. Try again in 30 seconds.',
    );
    expect(errorMessage('TOO_MANY_ATTEMPTS', { guessed: 'code', retryAfterSeconds: 240 })).toBe(
      'Too many wrong codes for this account. Try again in 4 minutes.',
    );
    expect(errorMessage('TOO_MANY_ATTEMPTS')).toBe('Too many wrong attempts for this account. Try again later.');
    expect(errorMessage('VAULT_UNLOCK_LIMITED', { retryAfterSeconds: 90 })).toBe(
      'Too many wrong master passwords: the server refuses more tries for a while. Try again in 90 seconds.',
    );
    expect(errorMessage('VAULT_RETRY_LATER', { retryAfterSeconds: 4 })).toBe(
      'Too many wrong master passwords in a row. Wait 4 seconds, then try again.',
    );
  });
});
