import type { EmployeeField, Group } from '@shared/common/api/controlPlane/groups';
import { nameSchema } from '@shared/common/api/controlPlane/basics';
import { OpenPsmError } from '@shared/common/errors';

/** A group's form as typed: kept as it is on any refusal. */
export interface GroupDraft {
  name: string;
  kind: Group['kind'];
  source: 'ldap' | 'oidc';
  directoryValue: string;
  ruleField: EmployeeField;
  ruleValue: string;
}

export type DraftField = 'name' | 'directoryValue' | 'ruleValue';
export type FieldErrors = Partial<Record<DraftField, string>>;

export const emptyDraft: GroupDraft = {
  name: '',
  kind: 'manual',
  source: 'ldap',
  directoryValue: '',
  ruleField: 'department',
  ruleValue: '',
};

export function groupDraftOf(group: Group): GroupDraft {
  return {
    name: group.name,
    kind: group.kind,
    source: group.directory?.source ?? 'ldap',
    directoryValue: group.directory?.value ?? '',
    ruleField: group.rule?.field ?? 'department',
    ruleValue: group.rule?.value ?? '',
  };
}

/** Each bad field of a draft, named; empty when it may be sent. */
export function draftErrors(draft: GroupDraft): FieldErrors {
  const errors: FieldErrors = {};
  const name = nameSchema.safeParse(draft.name);
  if (!name.success)
    errors.name = draft.name.trim() === '' ? 'Name is required.' : 'Name is too long (at most 200 characters).';
  if (draft.kind === 'directory' && draft.directoryValue.trim() === '')
    errors.directoryValue = 'Directory group is required.';
  if (draft.kind === 'directory' && draft.directoryValue.length > 1000)
    errors.directoryValue = 'Directory group is too long (at most 1000 characters).';
  if (draft.kind === 'rule' && draft.ruleValue.trim() === '') errors.ruleValue = 'Rule value is required.';
  if (draft.kind === 'rule' && draft.ruleValue.length > 200)
    errors.ruleValue = 'Rule value is too long (at most 200 characters).';
  return errors;
}

/** The mapping or rule a draft names (neither for a group kept by hand). */
export function draftBody(draft: GroupDraft) {
  return {
    name: draft.name,
    ...(draft.kind === 'directory' ? { directory: { source: draft.source, value: draft.directoryValue } } : {}),
    ...(draft.kind === 'rule' ? { rule: { field: draft.ruleField, value: draft.ruleValue } } : {}),
  };
}

/** A server refusal as the form shows it: at its field when it names one, else above the form. */
export function refusalErrors(error: { code?: string; message: string; path?: string | undefined }): FieldErrors {
  const path = error.path ?? '';
  if (error.code === 'CONFLICT' && path !== 'revision' && !/used by|changed/.test(error.message))
    return { name: 'A group with that name already exists.' };
  if (path.endsWith('name')) return { name: error.message };
  if (path.includes('directory')) return { directoryValue: error.message };
  if (path.includes('rule')) return { ruleValue: error.message };
  return {};
}

export type Problem = { code: string; message: string; path?: string | undefined };

/** Any failure as the page shows it: its code, message and the field it names. */
export function groupProblemOf(error: unknown): Problem {
  return error instanceof OpenPsmError
    ? { code: error.code, message: error.message, path: error.path }
    : { code: 'INTERNAL', message: String(error) };
}
