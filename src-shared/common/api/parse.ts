import type { z } from 'zod';
import { OpenPsmError, type ErrorCode } from '../errors';

/** Dotted path of a zod issue, e.g. `backend.serverUrl`; `(root)` for the value itself. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map(String).join('.');
}

/**
 * Parses an untrusted value with a schema. On failure throws one OpenPsmError with the
 * given code, naming the first bad path and what is wrong with it, and every bad path in `fields`.
 */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  code: ErrorCode,
  what: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue ? issuePath(issue.path) : '(root)';
  const detail = issue ? issue.message : 'invalid value';
  const fields = result.error.issues.map((i) => ({ path: issuePath(i.path), message: i.message }));
  throw new OpenPsmError(code, { message: `${what}: ${path}: ${detail}`, path, fields });
}
