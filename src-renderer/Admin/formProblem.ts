import { OpenPsmError } from '@shared/common/errors';

/** A refusal as a form shows it: its code, its message, and the field to blame when the server named one. */
export interface FormProblem {
  code: string;
  message: string;
  path?: string | undefined;
}

/** Any failure as a FormProblem. */
export function formProblem(error: unknown): FormProblem {
  return error instanceof OpenPsmError
    ? { code: error.code, message: error.message, path: error.path }
    : { code: 'INTERNAL', message: String(error) };
}

/** The message for one field, when the refusal names it. */
export function fieldMessage(problem: FormProblem | null, path: string): string | undefined {
  return problem?.path === path ? problem.message : undefined;
}
