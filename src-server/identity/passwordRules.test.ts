import { describe, expect, it } from 'vitest';
import { OpenPsmError } from '@shared/common/errors';
import {
  checkNewPassword,
  classesIn,
  passwordRuleDefaults,
  passwordRulesKey,
  passwordRulesOf,
  passwordRulesText,
} from './passwordRules';

/** A settings store holding `stored` under the password rules' key. */
const stateWith = (stored?: unknown) => ({
  getSetting: <T>(key: string, fallback: T): Promise<T> =>
    Promise.resolve(key === passwordRulesKey && stored !== undefined ? (stored as T) : fallback),
});

async function refusal(state: ReturnType<typeof stateWith>, username: string, password: string, field?: string) {
  const error = await checkNewPassword(state, username, password, field).then(
    () => null,
    (e: unknown) => e,
  );
  return error instanceof OpenPsmError ? { code: error.code, path: error.path, ...error.params } : error;
}

describe('password rules', () => {
  it('pins the production defaults: 12 characters, 3 of 4 classes, no username', () => {
    expect(passwordRuleDefaults).toEqual({ minLength: 12, minClasses: 3, refuseUsername: true });
  });

  it.each([
    ['abcdefgh', 1],
    ['abcDEF', 2],
    ['abcDEF12', 3],
    ['abcDEF12-', 4],
    ['äÖ٣ ', 4],
  ])('counts the classes of %s as %i', (password, classes) => {
    expect(classesIn(password)).toBe(classes);
  });

  it.each([
    ['short-Pw1', 'Password must be at least 12 characters.'],
    ['alllowercase-only', 'Password must mix at least 3 of: lower case, upper case, digits, symbols.'],
    ['my-Erin-Password-1', 'Password must not contain the username.'],
  ])('refuses %s under the defaults, naming the rule on the field', async (password, message) => {
    expect(await refusal(stateWith(), 'erin', password)).toEqual({
      code: 'BAD_REQUEST',
      path: 'password',
      message,
      fields: [{ path: 'password', message }],
    });
  });

  it('accepts the demo password under the defaults, and names the field it is given', async () => {
    expect(await refusal(stateWith(), 'alice', 'demo-Password-1234')).toBeNull();
    expect(await refusal(stateWith(), 'alice', 'short', 'newPassword')).toMatchObject({ path: 'newPassword' });
  });

  it('follows the stored rules, each over its default', async () => {
    const lax = stateWith({ minLength: 8, minClasses: 1, refuseUsername: false });
    expect(await refusal(lax, 'erin', 'erinerin')).toBeNull();
    const longer = stateWith({ minLength: 16 });
    expect(await passwordRulesOf(longer)).toEqual({ minLength: 16, minClasses: 3, refuseUsername: true });
    expect(await refusal(longer, 'erin', 'Fourteen-chars')).toMatchObject({
      message: 'Password must be at least 16 characters.',
    });
  });

  it('falls back to the defaults when the stored rules no longer parse', async () => {
    expect(await passwordRulesOf(stateWith({ minLength: 3 }))).toEqual(passwordRuleDefaults);
    expect(await passwordRulesOf(stateWith('nonsense'))).toEqual(passwordRuleDefaults);
  });

  it('says the rules in words', () => {
    expect(passwordRulesText(passwordRuleDefaults)).toBe(
      'at least 12 characters, mixing 3 of: lower case, upper case, digits, symbols, not containing the username',
    );
    expect(passwordRulesText({ minLength: 8, minClasses: 1, refuseUsername: false })).toBe('at least 8 characters');
  });
});
