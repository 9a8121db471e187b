import { OpenPsmError } from '@shared/common/errors';

/** One bad field of a refusal: its path (the form's input name) and what is wrong with it. */
export interface FieldProblem {
  path: string;
  message: string;
}

/**
 * A refusal as a form shows it: its code, its message, the field to blame when the server named
 * one, and every bad field when it named several.
 */
export interface FormProblem {
  code: string;
  message: string;
  path?: string | undefined;
  fields?: FieldProblem[] | undefined;
}

/** A field's path as the form names it: without a `body.` or `query.` prefix. */
const inputName = (path: string) => path.replace(/^(query|body)\./, '');

/** Any failure as a FormProblem. */
export function formProblem(error: unknown): FormProblem {
  if (!(error instanceof OpenPsmError)) return { code: 'INTERNAL', message: String(error) };
  const fields = (error.params.fields ?? []).map((f) => ({ path: inputName(f.path), message: f.message }));
  const path = error.path === undefined ? fields[0]?.path : inputName(error.path);
  return { code: error.code, message: error.message, path, ...(fields.length > 0 ? { fields } : {}) };
}

/** The message for one field, when the refusal names it. */
export function fieldMessage(problem: FormProblem | null, path: string): string | undefined {
  const named = problem?.fields?.find((f) => f.path === path);
  if (named) return named.message;
  return problem?.path === path ? problem.message : undefined;
}

/** Whether the refusal names this field (or a field under it, e.g. `roles.1`). */
export function isBadField(problem: FormProblem | null, path: string): boolean {
  const paths = [problem?.path, ...(problem?.fields ?? []).map((f) => f.path)];
  return paths.some((p) => p !== undefined && (p === path || p.startsWith(`${path}.`)));
}
