import { z } from 'zod';
import { OpenPsmError } from '../../common/errors';

/**
 * The value types of OPENPSM_* variables. Each takes the text a variable holds and says, in its
 * error message, what it accepts: a failed read becomes one line,
 * `OPENPSM_X must be <what it accepts>, not "<value>".`
 */

/** A bad setting: CONFIG_INVALID with one line naming the variable and what it accepts. Start-up stops on it. */
export function configError(line: string): OpenPsmError {
  return new OpenPsmError('CONFIG_INVALID', { message: line });
}

/** A whole number, at least `min`, written in digits only. */
export function wholeNumber(min: number, unit = '') {
  const accepts = `a whole number${unit} (at least ${min})`;
  return z.string().regex(/^\d+$/, accepts).transform(Number).pipe(z.int(accepts).min(min, accepts));
}

/** A TCP port; `min` 0 lets the system pick a free one. */
export function portNumber(min: 0 | 1) {
  const accepts = `a port number (${min}-65535)`;
  return z
    .string()
    .regex(/^\d+$/, accepts)
    .transform(Number)
    .pipe(z.int(accepts).min(min, accepts).max(65535, accepts));
}

/** Free text (a path, a host name, a bucket); unset unless given. `unset` says, for the README, what applies then. */
export function optionalText(unset: string) {
  return z.string().optional().meta({ unset });
}

/** One of a few words. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  const accepts = `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
  return z.enum(values, accepts);
}

/** A comma-separated list; blanks around and between entries are ignored. */
export function listOf(entry: z.ZodType<string, string>, accepts: string) {
  return z
    .string()
    .transform((raw) =>
      raw
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== ''),
    )
    .pipe(z.array(entry, accepts));
}

/** An http(s) URL, as users reach a server. */
export function httpUrl(unset: string) {
  return z
    .url({ protocol: /^https?$/, error: 'an http:// or https:// URL' })
    .optional()
    .meta({ unset });
}

/** What a variable holds when it is not set, for the README: its default, or the `unset` note. */
export function shownDefault(entry: z.ZodType): string {
  if (entry instanceof z.ZodDefault) {
    const value: unknown = entry.def.defaultValue;
    if (Array.isArray(value)) return value.length === 0 ? '(none)' : `\`${value.join(',')}\``;
    return `\`${String(value)}\``;
  }
  const meta = z.globalRegistry.get(entry) as { unset?: string } | undefined;
  return meta?.unset ?? '—';
}

/** The variables of a group, in order, with what the README says of each. */
export function variablesOf(group: z.ZodObject): Array<{ name: string; shown: string; description: string }> {
  return Object.entries(group.shape).map(([name, entry]) => ({
    name,
    shown: shownDefault(entry as z.ZodType),
    description: (entry as z.ZodType).description ?? '',
  }));
}

function lineFor(issue: z.core.$ZodIssue, env: Record<string, string | undefined>): string {
  const name = String(issue.path[0] ?? 'A setting');
  const raw = env[name];
  return `${name} must be ${issue.message}${raw === undefined ? '' : `, not "${raw}"`}.`;
}

/**
 * Reads a group from the environment: each variable's default when it is unset or empty,
 * else its value checked. Throws CONFIG_INVALID naming the first bad variable.
 */
export function readEnv<T extends z.ZodType>(group: T, env: Record<string, string | undefined>): z.output<T> {
  const given = Object.fromEntries(
    Object.entries(env).filter(([name, value]) => name.startsWith('OPENPSM_') && value !== undefined && value !== ''),
  );
  const parsed = group.safeParse(given);
  if (!parsed.success) throw configError(lineFor(parsed.error.issues[0] as z.core.$ZodIssue, given));
  return parsed.data;
}
