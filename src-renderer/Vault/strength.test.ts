import { describe, expect, it } from 'vitest';
import { passwordStrength } from './strength';

describe('master password strength', () => {
  it.each([
    ['', 0],
    ['password', 0],
    ['aaaaaaaaaaaaaaaa', 0],
    ['abcdefgh12345678', 0],
    ['Summer2026', 1],
    ['tulip-orbit-cascade', 4],
    ['Tulip-99', 2],
    ['correct horse battery staple', 4],
    ['G7#kq!2Vz@pL9$wE', 4],
  ])('rates %j as %i', (password, score) => {
    expect(passwordStrength(password).score).toBe(score);
  });

  it('gives a hint until the password is strong', () => {
    expect(passwordStrength('Summer2026').hint).toMatch(/longer/);
    expect(passwordStrength('correct horse battery staple').hint).toBe('');
  });

  it('takes off for common words', () => {
    expect(passwordStrength('MyPassword-2026!').bits).toBeLessThan(passwordStrength('MyPaswrod-2026!x').bits);
  });
});
