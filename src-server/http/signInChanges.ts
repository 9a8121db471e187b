import type { OidcFederationConfig } from '@shared/common/api/controlPlane/federation';
import type { LdapConfig } from '@shared/common/api/controlPlane/ldap';
import type { AuditChange } from '../db/serverState';

/** A field's value as the audit shows it: a PEM by its length, a list of mappings on one line. */
function shown(field: string, value: unknown): unknown {
  if (value === undefined || value === null) return value ?? null;
  if (field === 'caPem') return `PEM (${String(value).trim().length} characters)`;
  if (field === 'groupRoles')
    return (value as Array<Record<string, string>>)
      .map((m) => `${m['groupDn'] ?? m['group']} → ${m['role']}`)
      .join('; ');
  return value;
}

/**
 * Each field of a sign-in module's settings that a save changes, before and after (nothing before
 * the first save); its secret, when a new one was typed, only as changed.
 */
export function moduleChanges<C extends LdapConfig | OidcFederationConfig>(
  before: C | null,
  after: C,
  secret: { field: string; typed: boolean },
): AuditChange[] {
  const was = (before ?? {}) as Record<string, unknown>;
  const now = after as Record<string, unknown>;
  const changes: AuditChange[] = Object.keys(now)
    .filter((field) => JSON.stringify(was[field]) !== JSON.stringify(now[field]))
    .map((field) => ({ field, before: shown(field, was[field]), after: shown(field, now[field]) }));
  if (secret.typed) changes.push({ field: secret.field, secret: true });
  return changes;
}
