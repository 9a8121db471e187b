import { z } from 'zod';

const whole = (min: number, max: number) =>
  z
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be from ${min} to ${max}`)
    .max(max, `must be from ${min} to ${max}`);

/**
 * The rules a new local password must meet (a person created on the People page, the first
 * administrator at setup). LDAP and federated accounts keep their directory's own rules.
 */
export const passwordRulesSchema = z.object({
  /** The fewest characters (8–128). */
  minLength: whole(8, 128),
  /** How many of lower case, upper case, digits and symbols it must mix (1–4). */
  minClasses: whole(1, 4),
  /** Refuse a password that contains the username (case-insensitive). */
  refuseUsername: z.boolean(),
});
export type PasswordRules = z.infer<typeof passwordRulesSchema>;

/** The character classes, in the order the rules name them. */
export const passwordClassNames = ['lower case', 'upper case', 'digits', 'symbols'] as const;
