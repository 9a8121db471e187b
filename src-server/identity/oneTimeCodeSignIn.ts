import type { RedeemOneTimeCode } from '@shared/common/api/controlPlane/persons';
import { OpenPsmError } from '@shared/common/errors';
import type { OneTimeCodeRepository } from '../db/oneTimeCodes';
import type { PersonRepository } from '../db/persons';
import type { ServerStateRepository } from '../db/serverState';
import { guardedAttempt, type GuardDeps } from '../limits/guardedAttempt';
import { checkNewPassword } from './passwordRules';
import { hashPassword } from './passwords';

/** What setting a password with a one-time code uses: the people, their codes, the password rules, the limiter. */
export interface OneTimeCodeSignInDeps extends GuardDeps {
  persons: Pick<PersonRepository, 'findByUsername'>;
  oneTimeCodes: Pick<OneTimeCodeRepository, 'redeem'>;
  state: Pick<ServerStateRepository, 'audit' | 'getSetting'>;
}

/**
 * Sets a local person's password with their one-time code, then they sign in with it as usual.
 * The new password is checked first (NEW_PASSWORDS_DIFFER, or BAD_REQUEST naming the password
 * rule): that is no guess. The code is a guess at the account, counted by the same limiter as a
 * wrong password: a wrong, expired, used or foreign code is ONE_TIME_CODE_INVALID, and while a
 * wait applies TOO_MANY_ATTEMPTS. Audited, never with the code or the password.
 */
export async function redeemOneTimeCode(
  deps: OneTimeCodeSignInDeps,
  input: RedeemOneTimeCode,
  address: string,
): Promise<void> {
  const { username, code, newPassword, repeatPassword } = input;
  if (newPassword !== repeatPassword)
    throw new OpenPsmError('NEW_PASSWORDS_DIFFER', {
      path: 'repeatPassword',
      fields: [{ path: 'repeatPassword', message: 'differs from the new password' }],
    });
  await checkNewPassword(deps.state, username, newPassword, 'newPassword');
  const passwordHash = await hashPassword(newPassword);
  const redeem = async () => {
    const person = await deps.persons.findByUsername(username);
    // Only an enabled local person has a password to set; anyone else's code opens nothing.
    if (!person || person.source !== 'local' || person.disabled) return false;
    return deps.oneTimeCodes.redeem(person.id, code, passwordHash);
  };
  const guarded = await guardedAttempt(deps, { kind: 'password', account: username, address }, redeem, (ok) =>
    ok ? 'right' : 'wrong',
  );
  if (guarded.refused)
    throw new OpenPsmError('TOO_MANY_ATTEMPTS', { guessed: 'code', retryAfterSeconds: guarded.retryAfterSeconds });
  if (!guarded.result) {
    await deps.state.audit(username || '(empty)', 'login.one_time_code_refused', address);
    throw new OpenPsmError('ONE_TIME_CODE_INVALID', {
      path: 'code',
      fields: [{ path: 'code', message: 'is wrong, expired or used' }],
      ...(guarded.retryAfterSeconds === null ? {} : { retryAfterSeconds: guarded.retryAfterSeconds }),
    });
  }
  await deps.state.audit(username, 'person.password_set_with_code', address);
}
