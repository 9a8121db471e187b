import type { AdminResult } from '@shared/common/api/admin';
import type { Role } from '@shared/common/api/controlPlane/basics';
import { oidcFederationInputSchema } from '@shared/common/api/controlPlane/federation';
import { ldapConfigInputSchema } from '@shared/common/api/controlPlane/ldap';
import type { z } from 'zod';
import type { AdminProblem } from '../adminProblem';

/** The LDAP form as typed: text stays text until sent, so a refusal keeps exactly what was typed. */
export interface LdapDraft {
  enabled: boolean;
  url: string;
  security: 'ldaps' | 'starttls' | 'plain';
  caPem: string;
  baseDn: string;
  userFilter: string;
  bindDn: string;
  /** Write-only: empty keeps the stored one. */
  bindPassword: string;
  groupRoles: Array<{ groupDn: string; role: Role }>;
  timeoutMs: string;
  /** Who the Test looks for, and the password to try for them (optional). */
  testUser: string;
  testPassword: string;
}

/** The federation form as typed. */
export interface FederationDraft {
  enabled: boolean;
  name: string;
  issuerUrl: string;
  clientId: string;
  /** Write-only: empty keeps the stored one. */
  clientSecret: string;
  searchClaim: string;
  groupsClaim: string;
  groupRoles: Array<{ group: string; role: Role }>;
  allowSelfSignedTls: boolean;
  timeoutMs: string;
}

/** The LDAP form for the module as loaded (sensible starting values when it was never set up). */
export function ldapDraftOf(view: AdminResult<'ldap.get'>): LdapDraft {
  const c = view.config;
  return {
    enabled: c?.enabled ?? false,
    url: c?.url ?? 'ldaps://',
    security: c?.security ?? 'ldaps',
    caPem: c?.caPem ?? '',
    baseDn: c?.baseDn ?? '',
    userFilter: c?.userFilter ?? '(&(objectClass=inetOrgPerson)(uid={username}))',
    bindDn: c?.bindDn ?? '',
    bindPassword: '',
    groupRoles: c?.groupRoles ?? [],
    timeoutMs: String(c?.timeoutMs ?? 5000),
    testUser: '',
    testPassword: '',
  };
}

/** The federation form for the module as loaded. */
export function federationDraftOf(view: AdminResult<'federation.get'>): FederationDraft {
  const c = view.config;
  return {
    enabled: c?.enabled ?? false,
    name: c?.name ?? '',
    issuerUrl: c?.issuerUrl ?? 'https://',
    clientId: c?.clientId ?? '',
    clientSecret: '',
    searchClaim: c?.searchClaim ?? 'email',
    groupsClaim: c?.groupsClaim ?? '',
    groupRoles: c?.groupRoles ?? [],
    allowSelfSignedTls: c?.allowSelfSignedTls ?? false,
    timeoutMs: String(c?.timeoutMs ?? 5000),
  };
}

/** A typed number as sent: a number when it reads as one, else the text (the server names the field). */
function numberOf(text: string): number | string {
  const trimmed = text.trim();
  return trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
}

/** The LDAP save's body; the Test adds the user to look for. */
export function ldapBody(d: LdapDraft) {
  return {
    config: {
      enabled: d.enabled,
      url: d.url,
      security: d.security,
      caPem: d.caPem.trim() ? d.caPem : null,
      baseDn: d.baseDn,
      userFilter: d.userFilter,
      bindDn: d.bindDn.trim() ? d.bindDn : null,
      groupRoles: d.groupRoles,
      timeoutMs: numberOf(d.timeoutMs),
    },
    bindPassword: d.bindPassword === '' ? null : d.bindPassword,
  };
}

/** The LDAP Test's body: the typed settings, the user, and the password when one was typed. */
export function ldapTestBody(d: LdapDraft) {
  return { ...ldapBody(d), username: d.testUser, ...(d.testPassword ? { password: d.testPassword } : {}) };
}

/** The federation save's (and Test's) body. */
export function federationBody(d: FederationDraft) {
  return {
    config: {
      enabled: d.enabled,
      name: d.name,
      issuerUrl: d.issuerUrl.trim(),
      clientId: d.clientId,
      searchClaim: d.searchClaim,
      groupsClaim: d.groupsClaim.trim() ? d.groupsClaim : null,
      groupRoles: d.groupRoles,
      allowSelfSignedTls: d.allowSelfSignedTls,
      timeoutMs: numberOf(d.timeoutMs),
    },
    clientSecret: d.clientSecret === '' ? null : d.clientSecret,
  };
}

/**
 * What is wrong with a typed body, checked with the API's own schema before sending (the server
 * checks again): each bad field by its path (`config.url`), or null when it passes.
 */
function problemOfBody(schema: z.ZodType, body: unknown): AdminProblem | null {
  const parsed = schema.safeParse(body);
  if (parsed.success) return null;
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) fields[issue.path.join('.')] ??= issue.message;
  return { code: 'BAD_REQUEST', message: `The request has invalid fields: ${Object.keys(fields).join(', ')}.`, fields };
}

export const ldapProblem = (d: LdapDraft) => problemOfBody(ldapConfigInputSchema, ldapBody(d));
export const federationProblem = (d: FederationDraft) => problemOfBody(oidcFederationInputSchema, federationBody(d));
