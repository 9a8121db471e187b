import { Client, InvalidCredentialsError } from 'ldapts';
import type { Role } from '@shared/common/api/controlPlane/basics';
import type { LdapConfig } from '@shared/common/api/controlPlane/ldap';

/** RFC 4515: a value inside a search filter, with `* ( ) \ NUL` escaped. */
export function escapeFilterValue(value: string): string {
  return value.replace(/[\\*()\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export type LdapResult =
  | {
      ok: true;
      dn: string;
      uid: string;
      displayName: string;
      roles: Role[];
      groupDns: string[];
      /** The entry's departmentNumber (else ou) and l: the person's department and location. */
      department: string | null;
      location: string | null;
    }
  | { ok: false; reason: 'empty-password' | 'wrong' | 'unreachable'; message: string };

const wrong = { ok: false, reason: 'wrong', message: 'Wrong username or password.' } as const;

/**
 * LDAP bind sign-in: find the entry with the configured filter (service account or
 * anonymous search), bind as it with the password, and map its groups to roles. An empty
 * password is refused before any connection: many directories treat a DN with an empty
 * password as an unauthenticated bind that "succeeds".
 */
export async function ldapAuthenticate(
  config: LdapConfig,
  bindPassword: string | null,
  username: string,
  password: string,
): Promise<LdapResult> {
  if (password === '')
    return {
      ok: false,
      reason: 'empty-password',
      message: 'Enter your password. An empty password is never sent to the directory.',
    };
  if (username.trim() === '') return wrong;
  const tls = config.caPem ? { ca: [config.caPem] } : undefined;
  const client = new Client({
    url: config.url,
    timeout: config.timeoutMs,
    connectTimeout: config.timeoutMs,
    ...(config.security === 'ldaps' && tls ? { tlsOptions: tls } : {}),
  });
  try {
    // StartTLS upgrades an open socket: name the host, or the certificate is checked against "localhost".
    if (config.security === 'starttls')
      await client.startTLS({ ...tls, host: new URL(config.url).hostname.replace(/^\[|\]$/g, '') });
    if (config.bindDn) await client.bind(config.bindDn, bindPassword ?? '');
    const filter = config.userFilter.split('{username}').join(escapeFilterValue(username.trim()));
    const { searchEntries } = await client.search(config.baseDn, {
      scope: 'sub',
      filter,
      attributes: ['cn', 'displayName', 'uid', 'departmentNumber', 'ou', 'l'],
      sizeLimit: 2,
    });
    if (searchEntries.length !== 1) return wrong;
    const entry = searchEntries[0] as { dn: string; [key: string]: unknown };
    try {
      await client.bind(entry.dn, password);
    } catch (error) {
      if (error instanceof InvalidCredentialsError) return wrong;
      throw error;
    }
    const groups = await client.search(config.baseDn, {
      scope: 'sub',
      filter: `(&(objectClass=groupOfNames)(member=${escapeFilterValue(entry.dn)}))`,
      attributes: ['cn'],
    });
    const memberOf = new Set(groups.searchEntries.map((g) => g.dn.toLowerCase()));
    const roles = [
      ...new Set(config.groupRoles.filter((m) => memberOf.has(m.groupDn.toLowerCase())).map((m) => m.role)),
    ];
    const first = (v: unknown) => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '');
    return {
      ok: true,
      dn: entry.dn,
      uid: first(entry['uid']) || username.trim(),
      displayName: first(entry['displayName']) || first(entry['cn']) || username.trim(),
      roles,
      groupDns: groups.searchEntries.map((g) => g.dn),
      department: (first(entry['departmentNumber']) || first(entry['ou'])).slice(0, 200) || null,
      location: first(entry['l']).slice(0, 200) || null,
    };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      reason: 'unreachable',
      message: `The directory at ${config.url} did not answer the sign-in (${why.slice(0, 120)}). Try again later or ask an administrator.`,
    };
  } finally {
    await client.unbind().catch(() => undefined);
  }
}
