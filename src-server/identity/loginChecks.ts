import type { LdapConfig } from '@shared/common/api/controlPlane/ldap';
import type { Logger } from '@shared/node/logger';
import type { PersonRecord, PersonRepository } from '../db/persons';
import { ldapAuthenticate } from './ldap';
import { decoyHash, verifyPassword } from './passwords';
import { referFailure } from './signInFailure';

/** Why a username and password cannot sign in, or the person when they can. */
export async function checkLogin(persons: PersonRepository, username: string, password: string) {
  const person = await persons.findByUsername(username);
  const ok = await verifyPassword(password, person?.passwordHash ?? (await decoyHash()));
  if (!person || !ok) return { error: 'Wrong username or password.' } as const;
  if (person.disabled) return { error: 'This account is disabled. Ask an administrator to enable it.' } as const;
  return { person } as const;
}

/** A password check's answer: the person, or why not (noGuess: it was not a guess at the password). */
export type LoginCheck =
  { person: PersonRecord; error?: undefined } | { error: string; noGuess?: boolean; person?: undefined };

/** A directory sign-in: the LDAP bind, then the person it vouches for (created on first sign-in). */
export async function checkDirectoryLogin(
  deps: { persons: PersonRepository; log: Logger },
  ldap: { config: LdapConfig; bindPassword: string | null },
  username: string,
  password: string,
) {
  const { persons } = deps;
  const result = await ldapAuthenticate(ldap.config, ldap.bindPassword, username, password);
  // Only a wrong password is a guess: an empty one or a directory that did not answer is not counted.
  if (!result.ok)
    return {
      error:
        result.reason === 'unreachable'
          ? referFailure(deps.log, 'directory', result.message, { url: ldap.config.url })
          : result.message,
      noGuess: result.reason !== 'wrong',
    } as const;
  let person;
  try {
    person = await persons.upsertExternal('ldap', result.dn, result.uid, result.displayName, result.roles, {
      department: result.department,
      location: result.location,
    });
  } catch {
    return {
      error: `The directory account "${result.uid}" has the same username as another OpenPSM account. Ask an administrator.`,
      noGuess: true,
    } as const;
  }
  if (person.disabled) return { error: 'This account is disabled. Ask an administrator to enable it.' } as const;
  await persons.followDirectory(person.id, 'ldap', result.groupDns);
  // Rule groups (department = Operations, …) follow the fields the directory just set.
  await persons.applyRuleGroups(person.id);
  return { person } as const;
}
