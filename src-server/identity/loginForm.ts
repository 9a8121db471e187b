import type { LdapConfig } from '@shared/common/api/controlPlane/ldap';
import { escapeHtml } from './provider';
import { plainWarning } from './signInModules';

function methodChoice(ldap: LdapConfig | null, chosen: string): string {
  if (!ldap) return '';
  const option = (value: string, label: string) =>
    `<label class="choice"><input type="radio" name="method" value="${value}"${chosen === value ? ' checked' : ''}> ${label}</label>`;
  const warning = plainWarning(ldap);
  return (
    `<fieldset><legend>Sign in with</legend>${option('ldap', 'Directory account (LDAP)')}${option('local', 'OpenPSM account')}</fieldset>` +
    (warning ? `<p><small>${escapeHtml(warning)}</small></p>` : '')
  );
}

export interface LoginOptions {
  ldap: LdapConfig | null;
  /** The external identity provider's button label, when federation is on. */
  federation: string | null;
  /** A status line above the form (e.g. the password was just set). */
  notice?: string;
}

/** The built-in login page's HTML: the password form, the directory choice, federation, and the one-time code link. */
export function loginForm(
  uid: string,
  error: string | null,
  username = '',
  options: LoginOptions = { ldap: null, federation: null },
  method = 'ldap',
): string {
  const { ldap } = options;
  return (
    '<h1>Sign in to OpenPSM</h1>' +
    (error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : '') +
    (options.notice ? `<p role="status">${escapeHtml(options.notice)}</p>` : '') +
    (options.federation
      ? `<form method="post" action="/interaction/${escapeHtml(uid)}/federate"><button type="submit">Sign in with ${escapeHtml(options.federation)}</button></form><p>or</p>`
      : '') +
    `<form method="post" action="/interaction/${escapeHtml(uid)}/login" autocomplete="off">` +
    methodChoice(ldap, method) +
    // A known username (typed before, or the app's hint after its first setup) leaves the password to type.
    `<label for="username">Username</label><input id="username" name="username" value="${escapeHtml(username)}" autocomplete="username" required${username ? '' : ' autofocus'}>` +
    `<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required${username ? ' autofocus' : ''}>` +
    '<label class="choice"><input type="checkbox" name="setupMfa" value="yes"> Set up two-step verification (an authenticator app)</label>' +
    '<button type="submit">Sign in</button></form>' +
    `<p><a href="/interaction/${escapeHtml(uid)}/code">I have a one-time code</a></p>` +
    `<form method="post" action="/interaction/${escapeHtml(uid)}/abort"><button type="submit" class="secondary">Cancel</button></form>`
  );
}
