import type { LdapConfig, LdapTestResult } from '@shared/common/api/controlPlane/ldap';
import { OpenPsmError } from '@shared/common/errors';
import { findUser, groupsOf, openDirectory, secureDirectory, serviceBind } from './ldapDirectory';

/** The steps of a directory test, each named in its failure. */
export type LdapTestStep = 'connect' | 'TLS' | 'service bind' | 'search' | 'user bind' | 'groups';

const connectCodes = /ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|ECONNRESET/;
const tlsCodes = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|DEPTH_ZERO|ERR_TLS|ERR_SSL|EPROTO/;

/**
 * What went wrong, in the directory's or the socket's words. An LDAP result (ldapts names its
 * class, e.g. InvalidCredentialsError, and ends its message with " Code: 0x31") is said by name
 * and number, with the directory's own text when it sent any.
 */
function reason(error: unknown): string {
  const text = (error instanceof Error ? error.message : String(error)).trim();
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'number' || !(error instanceof Error)) return text.slice(0, 200) || 'no reason given';
  const name = error.constructor.name.replace(/Error$/, '').replace(/([a-z])([A-Z])/g, '$1 $2');
  const said = text.replace(/\s*Code: 0x[0-9a-f]+$/i, '').trim();
  return `${name} (LDAP result ${code})${said ? `: ${said.slice(0, 160)}` : ''}`;
}

/**
 * The step a failure belongs to: a refused or silent socket is the connection, a certificate
 * or handshake error is TLS, whatever request was under way when it came; else the step itself.
 */
function stepOf(error: unknown, step: LdapTestStep): LdapTestStep {
  const code = (error as { code?: unknown }).code;
  const text = `${typeof code === 'string' ? code : ''} ${error instanceof Error ? error.message : ''}`;
  if (tlsCodes.test(text) || /certificate|Hostname\/IP does not match/i.test(text)) return 'TLS';
  if (connectCodes.test(text) || /Connection timeout|connect/i.test(text)) return 'connect';
  return step;
}

/** A failed step as the route answers it: LDAP_TEST_FAILED naming the step and the directory's words. */
function failure(config: LdapConfig, step: LdapTestStep, error: unknown): OpenPsmError {
  const at = stepOf(error, step);
  const who = at === 'service bind' && config.bindDn ? ` as ${config.bindDn}` : '';
  return new OpenPsmError('LDAP_TEST_FAILED', {
    message: `LDAP test failed at ${at}${who} (${config.url}): ${reason(error)}`,
  });
}

/** The one line an administrator reads: "found 1 entry for jdoe; groups: psm-admins". */
export function ldapFinding(username: string, found: number, groups: string[], passwordChecked: boolean): string {
  const entries = `found ${found} ${found === 1 ? 'entry' : 'entries'} for ${username}`;
  if (found !== 1) return `${entries}${found > 1 ? ' (sign-in needs exactly one)' : ''}`;
  const named = `${entries}; groups: ${groups.length ? groups.join(', ') : '(none)'}`;
  return passwordChecked ? `${named}; password accepted` : named;
}

/**
 * Tries typed LDAP settings as sign-in would (the same steps), without saving anything: connect,
 * StartTLS, the service bind, the user search, a bind as the user when a password is given, and
 * its groups. Fails with LDAP_TEST_FAILED naming the step.
 */
export async function testLdap(
  config: LdapConfig,
  bindPassword: string | null,
  username: string,
  password?: string,
): Promise<LdapTestResult> {
  const client = openDirectory(config);
  let step: LdapTestStep = config.security === 'starttls' ? 'TLS' : 'connect';
  try {
    await secureDirectory(client, config);
    step = 'service bind';
    await serviceBind(client, config, bindPassword);
    step = 'search';
    const entries = await findUser(client, config, username);
    const entry = entries.length === 1 ? entries[0] : undefined;
    if (!entry)
      return {
        ok: true,
        found: entries.length,
        dn: null,
        groups: [],
        roles: [],
        passwordChecked: false,
        summary: ldapFinding(username.trim(), entries.length, [], false),
      };
    step = 'user bind';
    if (password === '') throw new Error('an empty password is never sent to the directory');
    if (password !== undefined) await client.bind(entry.dn, password);
    step = 'groups';
    const groups = await groupsOf(client, config, entry.dn);
    const passwordChecked = password !== undefined;
    return {
      ok: true,
      found: 1,
      dn: entry.dn,
      groups: groups.names,
      roles: groups.roles,
      passwordChecked,
      summary: ldapFinding(username.trim(), 1, groups.names, passwordChecked),
    };
  } catch (error) {
    throw failure(config, step, error);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}
