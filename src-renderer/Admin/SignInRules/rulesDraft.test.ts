import { describe, expect, it } from 'vitest';
import { OpenPsmError } from '@shared/common/errors';
import { refusalOf, rulesBody, rulesDraftOf, rulesProblem } from './rulesDraft';

const loaded = {
  rdpProxyEnabled: true,
  mfaRequiredForSignIn: false,
  passwordRules: { minLength: 12, minClasses: 3, refuseUsername: true },
};

describe('the Sign-in rules form', () => {
  it('holds numbers as typed text and sends them as numbers', () => {
    const draft = rulesDraftOf(loaded);
    expect(draft).toEqual({ mfaRequiredForSignIn: false, minLength: '12', minClasses: '3', refuseUsername: true });
    expect(rulesBody({ ...draft, minLength: ' 16 ' })).toEqual({
      mfaRequiredForSignIn: false,
      passwordRules: { minLength: 16, minClasses: 3, refuseUsername: true },
    });
    expect(rulesProblem(draft)).toBeNull();
  });

  it('names each bad field before sending, with the API schema messages', () => {
    expect(rulesProblem({ ...rulesDraftOf(loaded), minLength: '7', minClasses: 'many' })).toEqual({
      code: 'BAD_REQUEST',
      message: 'The request has invalid fields: passwordRules.minLength, passwordRules.minClasses.',
      fields: { 'passwordRules.minLength': 'must be from 8 to 128', 'passwordRules.minClasses': 'must be a number' },
    });
  });

  it('marks the field a server refusal names by its path', () => {
    const refused = new OpenPsmError('BAD_REQUEST', { message: 'Bad.', path: 'passwordRules.minLength' });
    expect(refusalOf(refused).fields).toEqual({ 'passwordRules.minLength': 'Bad.' });
    expect(refusalOf(new Error('down'))).toMatchObject({ code: 'INTERNAL', fields: {} });
  });
});
