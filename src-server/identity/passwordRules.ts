import {
  passwordClassNames,
  passwordRulesSchema,
  type PasswordRules,
} from '@shared/common/api/controlPlane/passwordRules';
import { OpenPsmError } from '@shared/common/errors';
import type { ServerStateRepository } from '../db/serverState';

/** The server setting that holds the password rules. */
export const passwordRulesKey = 'passwordRules';

/** The production defaults (a unit test pins each). */
export const passwordRuleDefaults: Readonly<PasswordRules> = Object.freeze({
  minLength: 12,
  minClasses: 3,
  refuseUsername: true,
});

/** The rules in force: the stored ones over the defaults (a stored value that no longer parses falls back to its default). */
export async function passwordRulesOf(state: Pick<ServerStateRepository, 'getSetting'>): Promise<PasswordRules> {
  const stored = await state.getSetting<unknown>(passwordRulesKey, {});
  const merged = { ...passwordRuleDefaults, ...(typeof stored === 'object' && stored ? stored : {}) };
  const parsed = passwordRulesSchema.safeParse(merged);
  return parsed.success ? parsed.data : { ...passwordRuleDefaults };
}

const classTests = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u];

/** How many of lower case, upper case, digits and symbols a password mixes. */
export function classesIn(password: string): number {
  return classTests.filter((test) => test.test(password)).length;
}

/** The rules in one sentence, for a form's hint (e.g. "at least 12 characters, mixing 3 of: …"). */
export function passwordRulesText(rules: PasswordRules): string {
  const parts = [`at least ${rules.minLength} characters`];
  if (rules.minClasses > 1) parts.push(`mixing ${rules.minClasses} of: ${passwordClassNames.join(', ')}`);
  if (rules.refuseUsername) parts.push('not containing the username');
  return parts.join(', ');
}

/** What is wrong with a password under the rules, or null when it passes. */
export function passwordProblem(rules: PasswordRules, username: string, password: string): string | null {
  if ([...password].length < rules.minLength) return `Password must be at least ${rules.minLength} characters.`;
  if (classesIn(password) < rules.minClasses)
    return `Password must mix at least ${rules.minClasses} of: ${passwordClassNames.join(', ')}.`;
  const name = username.trim().toLowerCase();
  if (rules.refuseUsername && name !== '' && password.toLowerCase().includes(name))
    return 'Password must not contain the username.';
  return null;
}

/**
 * Checks a new local password against the password rules in force; throws BAD_REQUEST naming
 * the rule it fails, on `field` (the form's input), else resolves.
 */
export async function checkNewPassword(
  state: Pick<ServerStateRepository, 'getSetting'>,
  username: string,
  password: string,
  field = 'password',
): Promise<void> {
  const message = passwordProblem(await passwordRulesOf(state), username, password);
  if (message) throw new OpenPsmError('BAD_REQUEST', { message, path: field, fields: [{ path: field, message }] });
}
