import type { CredentialKindOfShared } from '@shared/common/api/controlPlane/credentials';
import type { AdminProblem } from '../adminProblem';

/** A credential's form as typed: kept as it is on any refusal. The secret fields are write-only. */
export interface CredentialDraft {
  username: string;
  kind: CredentialKindOfShared;
  secret: string;
  passphrase: string;
}

export type CredentialField = 'username' | 'secret' | 'passphrase';
export type CredentialErrors = Partial<Record<CredentialField, string>>;

export const emptyCredential: CredentialDraft = { username: '', kind: 'password', secret: '', passphrase: '' };

const secretName = (kind: CredentialKindOfShared) => (kind === 'key' ? 'Private key' : 'Password');

/** Each bad field of a draft, named; empty when it may be sent. `withUsername` is false for a rotation. */
export function credentialErrors(draft: CredentialDraft, withUsername: boolean): CredentialErrors {
  const errors: CredentialErrors = {};
  if (withUsername && draft.username.trim() === '') errors.username = 'Username is required.';
  if (withUsername && draft.username.trim().length > 256)
    errors.username = 'Username is too long (at most 256 characters).';
  if (draft.secret === '') errors.secret = `${secretName(draft.kind)} is required.`;
  else if (draft.secret.length > 16_384)
    errors.secret = `${secretName(draft.kind)} is too long (at most 16384 characters).`;
  else if (draft.kind === 'key' && !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(draft.secret))
    errors.secret = 'Private key must be a private key (-----BEGIN … PRIVATE KEY-----).';
  if (draft.passphrase.length > 1024) errors.passphrase = 'Passphrase is too long (at most 1024 characters).';
  return errors;
}

/** The secret part of a request body: the passphrase only for a key, and only when typed. */
export function secretBody(draft: CredentialDraft) {
  return {
    secret: draft.secret,
    ...(draft.kind === 'key' && draft.passphrase ? { passphrase: draft.passphrase } : {}),
  };
}

/** A server refusal's named fields, as the form shows them (its label first). */
export function credentialRefusalErrors(problem: AdminProblem, kind: CredentialKindOfShared): CredentialErrors {
  const errors: CredentialErrors = {};
  const label: Record<CredentialField, string> = {
    username: 'Username',
    secret: secretName(kind),
    passphrase: 'Passphrase',
  };
  for (const field of ['username', 'secret', 'passphrase'] as const) {
    const message = problem.fields[field];
    if (message) errors[field] = `${label[field]} ${message}.`;
  }
  return errors;
}
