import crypto from 'node:crypto';
import type { Logger } from '@shared/node/logger';

/** Where a sign-in failed beyond the person's own input: the directory (LDAP) or the issuer (federation). */
export type FailedService = 'directory' | 'issuer';

const said: Record<FailedService, string> = {
  directory: 'The directory could not complete your sign-in.',
  issuer: 'The identity provider could not complete your sign-in.',
};

/** A short reference a person can read out to an administrator, e.g. `7F3A-9C21`. */
export function newReference(): string {
  const hex = crypto.randomBytes(4).toString('hex').toUpperCase();
  return `${hex.slice(0, 4)}-${hex.slice(4)}`;
}

/**
 * A directory or issuer failure, told apart: the login page gets a generic message with a
 * reference, and the detail (addresses, error text, certificate problems) goes to the server
 * log under that reference only, so the page leaks nothing of the service behind it.
 */
export function referFailure(
  log: Pick<Logger, 'warn'>,
  service: FailedService,
  detail: string,
  fields: Record<string, unknown> = {},
): string {
  const reference = newReference();
  log.warn(`auth.${service}_failed`, { reference, detail, ...fields });
  return `${said[service]} Try again later; if it keeps failing, give an administrator this reference: ${reference}.`;
}
