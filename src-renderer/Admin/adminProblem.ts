import { OpenPsmError } from '@shared/common/errors';

/** A failed administration call as the page shows it: its code, its message, and each bad field's message by name. */
export interface AdminProblem {
  code: string;
  message: string;
  fields: Record<string, string>;
}

/** Reads a failure; a field's path loses its `query.` / `body.` prefix, so it names the form's input. */
export function problemOf(error: unknown): AdminProblem {
  if (!(error instanceof OpenPsmError)) return { code: 'INTERNAL', message: String(error), fields: {} };
  const fields: Record<string, string> = {};
  for (const f of error.params.fields ?? []) fields[f.path.replace(/^(query|body)\./, '')] = f.message;
  return { code: error.code, message: error.message, fields };
}
