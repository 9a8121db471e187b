import type { AdminResult } from '@shared/common/api/admin';
import { passwordRulesSchema } from '@shared/common/api/controlPlane/passwordRules';
import { OpenPsmError } from '@shared/common/errors';
import { problemOf, type AdminProblem } from '../adminProblem';

/** The server settings as the API answers them. */
export type ServerSettings = AdminResult<'system.settings'>;

/** The form as typed: numbers stay text until saved, so a refusal keeps exactly what was typed. */
export interface RulesDraft {
  mfaRequiredForSignIn: boolean;
  minLength: string;
  minClasses: string;
  refuseUsername: boolean;
  /** The settings' revision the form read: a save over someone else's is refused as stale. */
  revision: number;
}

/** The form for settings as loaded. */
export function rulesDraftOf(settings: ServerSettings): RulesDraft {
  return {
    mfaRequiredForSignIn: settings.mfaRequiredForSignIn,
    minLength: String(settings.passwordRules.minLength),
    minClasses: String(settings.passwordRules.minClasses),
    refuseUsername: settings.passwordRules.refuseUsername,
    revision: settings.revision,
  };
}

/** A typed number as sent: a number when it reads as one, else the text (the server names the field). */
function numberOf(text: string): number | string {
  const trimmed = text.trim();
  return trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
}

/** The body of the settings change the form asks for. */
export function rulesBody(draft: RulesDraft) {
  return {
    mfaRequiredForSignIn: draft.mfaRequiredForSignIn,
    passwordRules: {
      minLength: numberOf(draft.minLength),
      minClasses: numberOf(draft.minClasses),
      refuseUsername: draft.refuseUsername,
    },
    revision: draft.revision,
  };
}

/**
 * What is wrong with the typed rules, checked with the API's own schema before sending (the
 * server checks again): each bad field by its path, or null when they pass.
 */
export function rulesProblem(draft: RulesDraft): AdminProblem | null {
  const parsed = passwordRulesSchema.safeParse(rulesBody(draft).passwordRules);
  if (parsed.success) return null;
  const fields = Object.fromEntries(parsed.error.issues.map((i) => [`passwordRules.${i.path.join('.')}`, i.message]));
  return {
    code: 'BAD_REQUEST',
    message: `The request has invalid fields: ${Object.keys(fields).join(', ')}.`,
    fields,
  };
}

/** A refusal from the server; one that names only its field's path (how errors reach the renderer) marks that field. */
export function refusalOf(error: unknown): AdminProblem {
  const problem = problemOf(error);
  const path = error instanceof OpenPsmError ? error.path?.replace(/^body\./, '') : undefined;
  return path && Object.keys(problem.fields).length === 0
    ? { ...problem, fields: { [path]: problem.message } }
    : problem;
}
