import { Client } from 'ldapts';
import type { Role } from '@shared/common/api/controlPlane/basics';
import type { LdapConfig } from '@shared/common/api/controlPlane/ldap';

/** RFC 4515: a value inside a search filter, with `* ( ) \ NUL` escaped. */
export function escapeFilterValue(value: string): string {
  return value.replace(/[\\*()\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** An entry as a search answers it. */
export type LdapEntry = { dn: string; [key: string]: unknown };

/**
 * A client for the configured directory, TLS-checked against the pinned CA. It connects on its
 * first request (for StartTLS, the upgrade: `secureDirectory`).
 */
export function openDirectory(config: LdapConfig): Client {
  const tls = config.caPem ? { ca: [config.caPem] } : undefined;
  return new Client({
    url: config.url,
    timeout: config.timeoutMs,
    connectTimeout: config.timeoutMs,
    ...(config.security === 'ldaps' && tls ? { tlsOptions: tls } : {}),
  });
}

/** StartTLS, when configured: it upgrades an open socket, so the host is named, or the certificate is checked against "localhost". */
export async function secureDirectory(client: Client, config: LdapConfig): Promise<void> {
  if (config.security !== 'starttls') return;
  const tls = config.caPem ? { ca: [config.caPem] } : {};
  await client.startTLS({ ...tls, host: new URL(config.url).hostname.replace(/^\[|\]$/g, '') });
}

/** Binds as the service account, when one is configured (else the search is anonymous). */
export async function serviceBind(client: Client, config: LdapConfig, bindPassword: string | null): Promise<void> {
  if (config.bindDn) await client.bind(config.bindDn, bindPassword ?? '');
}

/** The entries the user filter finds for `username` (at most two: more than one is as bad as two). */
export async function findUser(client: Client, config: LdapConfig, username: string): Promise<LdapEntry[]> {
  const filter = config.userFilter.split('{username}').join(escapeFilterValue(username.trim()));
  const { searchEntries } = await client.search(config.baseDn, {
    scope: 'sub',
    filter,
    attributes: ['cn', 'displayName', 'uid', 'departmentNumber', 'ou', 'l'],
    sizeLimit: 2,
  });
  return searchEntries as LdapEntry[];
}

/** The groups (groupOfNames) the entry is a member of, and the roles they give. */
export async function groupsOf(
  client: Client,
  config: LdapConfig,
  dn: string,
): Promise<{ groupDns: string[]; names: string[]; roles: Role[] }> {
  const groups = await client.search(config.baseDn, {
    scope: 'sub',
    filter: `(&(objectClass=groupOfNames)(member=${escapeFilterValue(dn)}))`,
    attributes: ['cn'],
  });
  const memberOf = new Set(groups.searchEntries.map((g) => g.dn.toLowerCase()));
  const roles = [...new Set(config.groupRoles.filter((m) => memberOf.has(m.groupDn.toLowerCase())).map((m) => m.role))];
  return {
    groupDns: groups.searchEntries.map((g) => g.dn),
    names: groups.searchEntries.map((g) => firstValue(g['cn']) || g.dn),
    roles,
  };
}

/** An attribute's first value as text ('' when it has none). */
export function firstValue(v: unknown): string {
  return Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '';
}
