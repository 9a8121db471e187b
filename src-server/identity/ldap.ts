import { InvalidCredentialsError } from 'ldapts';
import type { Role } from '@shared/common/api/controlPlane/basics';
import type { LdapConfig } from '@shared/common/api/controlPlane/ldap';
import { findUser, firstValue, groupsOf, openDirectory, secureDirectory, serviceBind } from './ldapDirectory';

export { escapeFilterValue } from './ldapDirectory';

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
  const client = openDirectory(config);
  try {
    await secureDirectory(client, config);
    await serviceBind(client, config, bindPassword);
    const entries = await findUser(client, config, username);
    if (entries.length !== 1) return wrong;
    const entry = entries[0] as (typeof entries)[number];
    try {
      await client.bind(entry.dn, password);
    } catch (error) {
      if (error instanceof InvalidCredentialsError) return wrong;
      throw error;
    }
    const { groupDns, roles } = await groupsOf(client, config, entry.dn);
    return {
      ok: true,
      dn: entry.dn,
      uid: firstValue(entry['uid']) || username.trim(),
      displayName: firstValue(entry['displayName']) || firstValue(entry['cn']) || username.trim(),
      roles,
      groupDns,
      department: (firstValue(entry['departmentNumber']) || firstValue(entry['ou'])).slice(0, 200) || null,
      location: firstValue(entry['l']).slice(0, 200) || null,
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
