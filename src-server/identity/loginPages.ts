import crypto from 'node:crypto';
import type http from 'node:http';
import type Provider from 'oidc-provider';
import { setupSchema } from '@shared/common/api/controlPlane/persons';
import { errorMessage, OpenPsmError, type ErrorCode } from '@shared/common/errors';
import type { Logger } from '@shared/node/logger';
import { httpStatus } from '@shared/node/transport/errorStatus';
import type { PersonRecord, PersonRepository } from '../db/persons';
import type { ServerStateRepository } from '../db/serverState';
import { readFields, sendError, sendHtml, sendJson } from '../httpIo';
import type { Federation } from './federation';
import { ldapAuthenticate } from './ldap';
import type { MfaFlow, MfaOutcome } from './mfaFlow';
import { plainWarning, type SignInModules } from './signInModules';
import type { LdapConfig } from '@shared/common/api/controlPlane/ldap';
import { decoyHash, hashPassword, verifyPassword } from './passwords';
import { escapeHtml } from './provider';
import { tooManyAttemptsMessage } from '@shared/common/retryWait';
import { guardedAttempt, type GuardDeps } from '../limits/guardedAttempt';
import { referFailure } from './signInFailure';

export interface LoginDeps {
  provider: Provider;
  mfa: MfaFlow;
  modules: SignInModules;
  federation: Federation;
  persons: PersonRepository;
  state: ServerStateRepository;
  log: Logger;
  /** The guessing limiter, for passwords (local and LDAP) and the sign-in TOTP step. */
  limiter: GuardDeps['limiter'];
  /** The client address of a request (clientAddress.ts). */
  addressOf(req: http.IncomingMessage): string;
}

function methodChoice(ldap: LdapConfig | null, chosen: string): string {
  if (!ldap) return '';
  const option = (value: string, label: string) =>
    `<label style="display:flex;gap:.5rem;align-items:center"><input type="radio" name="method" value="${value}" style="width:auto"${chosen === value ? ' checked' : ''}> ${label}</label>`;
  const warning = plainWarning(ldap);
  return (
    `<fieldset><legend>Sign in with</legend>${option('ldap', 'Directory account (LDAP)')}${option('local', 'OpenPSM account')}</fieldset>` +
    (warning ? `<p><small>${escapeHtml(warning)}</small></p>` : '')
  );
}

interface LoginOptions {
  ldap: LdapConfig | null;
  /** The external identity provider's button label, when federation is on. */
  federation: string | null;
}

async function loginOptions(deps: LoginDeps, ldap?: { config: LdapConfig } | null): Promise<LoginOptions> {
  const directory = ldap === undefined ? await deps.modules.ldap() : ldap;
  return { ldap: directory?.config ?? null, federation: (await deps.modules.federation())?.config.name ?? null };
}

function loginForm(
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
    (options.federation
      ? `<form method="post" action="/interaction/${escapeHtml(uid)}/federate"><button type="submit">Sign in with ${escapeHtml(options.federation)}</button></form><p>or</p>`
      : '') +
    `<form method="post" action="/interaction/${escapeHtml(uid)}/login" autocomplete="off">` +
    methodChoice(ldap, method) +
    `<label for="username">Username</label><input id="username" name="username" value="${escapeHtml(username)}" required autofocus>` +
    '<label for="password">Password</label><input id="password" name="password" type="password" required>' +
    '<label style="display:flex;gap:.5rem;align-items:center"><input type="checkbox" name="setupMfa" value="yes" style="width:auto"> Set up two-step verification (an authenticator app)</label>' +
    '<button type="submit">Sign in</button></form>' +
    `<form method="post" action="/interaction/${escapeHtml(uid)}/abort"><button type="submit">Cancel</button></form>`
  );
}

/** Why a username and password cannot sign in, or the person when they can. */
export async function checkLogin(persons: PersonRepository, username: string, password: string) {
  const person = await persons.findByUsername(username);
  const ok = await verifyPassword(password, person?.passwordHash ?? (await decoyHash()));
  if (!person || !ok) return { error: 'Wrong username or password.' } as const;
  if (person.disabled) return { error: 'This account is disabled. Ask an administrator to enable it.' } as const;
  return { person } as const;
}

/** A password check's answer: the person, or why not (noGuess: it was not a guess at the password). */
type LoginCheck =
  { person: PersonRecord; error?: undefined } | { error: string; noGuess?: boolean; person?: undefined };

/** A directory sign-in: the LDAP bind, then the person it vouches for (created on first sign-in). */
async function checkDirectoryLogin(
  deps: Pick<LoginDeps, 'persons' | 'log'>,
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
    person = await persons.upsertExternal('ldap', result.dn, result.uid, result.displayName, result.roles);
  } catch {
    return {
      error: `The directory account "${result.uid}" has the same username as another OpenPSM account. Ask an administrator.`,
      noGuess: true,
    } as const;
  }
  if (person.disabled) return { error: 'This account is disabled. Ask an administrator to enable it.' } as const;
  return { person } as const;
}

/** The OIDC interaction routes: the login page and its answers. Returns false when the path is not one. */
export async function handleInteraction(
  deps: LoginDeps,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  path: string,
): Promise<boolean> {
  const match =
    /^\/interaction\/([A-Za-z0-9_-]{1,200})(\/login|\/abort|\/totp|\/enrol|\/done|\/federate|\/federated)?$/.exec(path);
  if (!match) return false;
  const [, uid = '', action] = match;
  let details;
  try {
    details = await deps.provider.interactionDetails(req, res);
  } catch {
    sendHtml(
      res,
      400,
      'Sign-in expired',
      '<h1>This sign-in page has expired</h1><p>Close this tab and start the sign-in again from OpenPSM.</p>',
    );
    return true;
  }
  if (details.uid !== uid) {
    sendHtml(
      res,
      400,
      'Sign-in expired',
      '<h1>This sign-in page does not belong to this browser</h1><p>Start the sign-in again from OpenPSM.</p>',
    );
    return true;
  }
  deps.log.debug('auth.interaction', { prompt: details.prompt.name, reasons: details.prompt.reasons });
  if (details.prompt.name === 'consent' && details.session?.accountId) {
    // OpenPSM is its own first-party client: consent is implied (oidc-provider still asks
    // for it on every native-client sign-in), so it is granted without a page.
    const { provider } = deps;
    const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
    const grant =
      existing ??
      new provider.Grant({ accountId: details.session.accountId, clientId: String(details.params['client_id']) });
    grant.addOIDCScope('openid profile offline_access');
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    return true;
  }
  if (req.method === 'GET' && !action) {
    sendHtml(res, 200, 'Sign in to OpenPSM', loginForm(uid, null, '', await loginOptions(deps)));
    return true;
  }
  if (req.method === 'POST' && action === '/federate') {
    const started = await deps.federation.start(uid);
    if ('error' in started) {
      sendHtml(res, 502, 'Sign in to OpenPSM', loginForm(uid, started.error, '', await loginOptions(deps)));
      return true;
    }
    res.writeHead(303, { location: started.location, 'cache-control': 'no-store' }).end();
    return true;
  }
  if (req.method === 'GET' && action === '/federated') {
    const key = new URL(req.url ?? '/', 'http://x').searchParams.get('key') ?? '';
    const outcome = deps.federation.take(uid, key);
    if (!outcome || 'error' in outcome) {
      const error = outcome?.error ?? 'This sign-in step has expired. Start again.';
      await deps.state.audit('(federation)', 'login.refused', error);
      sendHtml(res, 401, 'Sign in to OpenPSM', loginForm(uid, error, '', await loginOptions(deps)));
      return true;
    }
    await deps.state.audit(outcome.person.username, 'login.federated', outcome.person.id);
    await finish(deps, req, res, await deps.mfa.afterPassword(uid, outcome.person, false));
    return true;
  }
  if (req.method === 'POST' && action === '/abort') {
    await deps.provider.interactionFinished(
      req,
      res,
      { error: 'access_denied', error_description: 'The user cancelled the sign-in.' },
      { mergeWithLastSubmission: false },
    );
    return true;
  }
  if (req.method === 'POST' && action === '/login') {
    await postLogin(deps, req, res, uid);
    return true;
  }
  if (req.method === 'POST' && (action === '/totp' || action === '/enrol' || action === '/done')) {
    const fields = (await readFields(req)) as Record<string, unknown>;
    const code = typeof fields['code'] === 'string' ? fields['code'].slice(0, 64) : '';
    await finish(
      deps,
      req,
      res,
      await deps.mfa.answer(uid, action.slice(1) as 'totp' | 'enrol' | 'done', code, deps.addressOf(req)),
    );
    return true;
  }
  sendError(res, new OpenPsmError('BAD_REQUEST', { message: 'This method is not allowed here.' }), {}, 405);
  return true;
}

/** The password form's answer, local or LDAP, under the guessing limiter: a wait is answered 429 with when to try again. */
async function postLogin(
  deps: LoginDeps,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  uid: string,
): Promise<void> {
  const fields = (await readFields(req)) as Record<string, unknown>;
  const username = typeof fields['username'] === 'string' ? fields['username'].trim().slice(0, 64) : '';
  const password = typeof fields['password'] === 'string' ? fields['password'].slice(0, 1024) : '';
  const ldap = await deps.modules.ldap();
  const options = await loginOptions(deps, ldap);
  const method = ldap && fields['method'] === 'ldap' ? 'ldap' : 'local';
  const address = deps.addressOf(req);
  const check = (): Promise<LoginCheck> =>
    method === 'ldap' && ldap
      ? checkDirectoryLogin(deps, ldap, username, password)
      : checkLogin(deps.persons, username, password);
  const guarded = await guardedAttempt(deps, { kind: 'password', account: username, address }, check, (r) =>
    'person' in r ? 'right' : 'noGuess' in r && r.noGuess ? 'no-guess' : 'wrong',
  );
  const wait = guarded.retryAfterSeconds;
  const throttled: Record<string, string> = wait === null ? {} : { 'retry-after': String(wait) };
  if (guarded.refused)
    return sendHtml(
      res,
      429,
      'Sign in to OpenPSM',
      loginForm(uid, tooManyAttemptsMessage('password', guarded.retryAfterSeconds), username, options, method),
      throttled,
    );
  const { result } = guarded;
  if ('error' in result) {
    deps.log.info('auth.login_refused', { username, method, address, reason: result.error });
    await deps.state.audit(username || '(empty)', 'login.refused', `${method}: ${result.error ?? ''}`);
    const error =
      wait === null ? (result.error ?? null) : `${result.error ?? ''} ${tooManyAttemptsMessage('password', wait)}`;
    return sendHtml(
      res,
      wait === null ? 401 : 429,
      'Sign in to OpenPSM',
      loginForm(uid, error, username, options, method),
      throttled,
    );
  }
  await deps.state.audit(result.person.username, 'login', result.person.id);
  await finish(deps, req, res, await deps.mfa.afterPassword(uid, result.person, fields['setupMfa'] === 'yes'));
}

/** Shows the next sign-in page, or ends the login with the account. */
async function finish(
  deps: LoginDeps,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  outcome: MfaOutcome,
): Promise<void> {
  if ('page' in outcome)
    return sendHtml(
      res,
      outcome.page.status,
      outcome.page.title,
      outcome.page.body,
      outcome.page.retryAfterSeconds ? { 'retry-after': String(outcome.page.retryAfterSeconds) } : {},
    );
  await deps.provider.interactionFinished(
    req,
    res,
    { login: { accountId: outcome.accountId } },
    { mergeWithLastSubmission: false },
  );
}

/** The one-time setup: the first administrator, with the code printed at start. */
export class Setup {
  private code: string | null = null;

  constructor(private readonly deps: Pick<LoginDeps, 'persons' | 'state' | 'log'>) {}

  /** A fresh code while no administrator exists; null once one does. */
  async prepare(): Promise<string | null> {
    if ((await this.deps.persons.countAdministrators()) > 0) return (this.code = null);
    const raw = crypto.randomBytes(6).toString('hex').toUpperCase();
    this.code = `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
    return this.code;
  }

  /** Creates the first administrator; throws a coded error when closed or the code is wrong. */
  async complete(input: unknown): Promise<{ ok: true } | SetupRefusal> {
    const parsed = setupSchema.safeParse(input);
    if (!parsed.success)
      return refusal(
        'BAD_REQUEST',
        parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      );
    if (!this.code || (await this.deps.persons.countAdministrators()) > 0) return refusal('SETUP_CLOSED');
    const given = Buffer.from(parsed.data.code.toUpperCase());
    const expected = Buffer.from(this.code);
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected))
      return refusal('SETUP_CODE_INVALID');
    const person = await this.deps.persons.create({
      username: parsed.data.username,
      displayName: parsed.data.displayName,
      passwordHash: await hashPassword(parsed.data.password),
      roles: ['administrator'],
    });
    this.code = null;
    await this.deps.state.audit(person.username, 'setup.first_administrator', person.id);
    this.deps.log.info('setup.completed', { username: person.username });
    return { ok: true };
  }
}

/** Why the first administrator was not created: a code and its message, with the status its answer carries (the one table's). */
export interface SetupRefusal {
  status: number;
  code: ErrorCode;
  message: string;
  fields?: Array<{ path: string; message: string }>;
}

const refusal = (code: ErrorCode, fields?: SetupRefusal['fields']): SetupRefusal => ({
  status: httpStatus(code),
  code,
  message: errorMessage(code),
  ...(fields ? { fields } : {}),
});

function setupForm(error: string | null): string {
  return (
    '<h1>Set up OpenPSM</h1><p>Create the first administrator. The setup code was printed by the server when it started.</p>' +
    (error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : '') +
    '<form method="post" action="/setup" autocomplete="off">' +
    '<label for="code">Setup code</label><input id="code" name="code" required>' +
    '<label for="username">Username</label><input id="username" name="username" required>' +
    '<label for="displayName">Full name</label><input id="displayName" name="displayName" required>' +
    '<label for="password">Password (at least 12 characters)</label><input id="password" name="password" type="password" minlength="12" required>' +
    '<button type="submit">Create administrator</button></form>'
  );
}

/** GET/POST /setup, as a page (forms) or JSON. */
export async function handleSetup(
  setup: Setup,
  persons: PersonRepository,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const wantsJson = (req.headers['content-type'] ?? '').startsWith('application/json');
  if (req.method === 'GET') {
    if ((await persons.countAdministrators()) > 0)
      return sendHtml(res, 200, 'OpenPSM is set up', '<h1>OpenPSM is set up</h1><p>Sign in from the OpenPSM app.</p>');
    return sendHtml(res, 200, 'Set up OpenPSM', setupForm(null));
  }
  if (req.method !== 'POST')
    return sendError(res, new OpenPsmError('BAD_REQUEST', { message: 'This method is not allowed here.' }), {}, 405);
  const result = await setup.complete(await readFields(req));
  if (wantsJson)
    return 'ok' in result
      ? sendJson(res, 201, result)
      : sendError(res, new OpenPsmError(result.code, { message: result.message, fields: result.fields }));
  if ('ok' in result)
    return sendHtml(
      res,
      201,
      'OpenPSM is set up',
      '<h1>Administrator created</h1><p role="status">You can now sign in from the OpenPSM app.</p>',
    );
  const detail = result.fields ? result.fields.map((f) => `${f.path}: ${f.message}`).join('; ') : result.message;
  return sendHtml(res, result.status, 'Set up OpenPSM', setupForm(detail));
}
