import { describe, expect, it } from 'vitest';
import { tooManyAttemptsMessage, waitText } from './retryWait';

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

  it('makes the message for a password and for a code', () => {
    expect(tooManyAttemptsMessage('password', 30)).toBe(
      'Too many wrong passwords for this account. Try again in 30 seconds.',
    );
    expect(tooManyAttemptsMessage('code', 240)).toBe('Too many wrong codes for this account. Try again in 4 minutes.');
  });
});
