import type http from 'node:http';
import type Provider from 'oidc-provider';
import type { Interaction } from 'oidc-provider';
import { errorMessage, OpenPsmError } from '@shared/common/errors';
import type { Logger } from '@shared/node/logger';
import type { OneTimeCodeRepository } from '../db/oneTimeCodes';
import type { PersonRepository } from '../db/persons';
import type { ServerStateRepository } from '../db/serverState';
import { readFields, sendError, sendHtml } from '../httpIo';
import type { Federation } from './federation';
import type { MfaFlow, MfaOutcome } from './mfaFlow';
import { type SignInModules } from './signInModules';
import type { LdapConfig } from '@shared/common/api/controlPlane/ldap';
import { guardedAttempt, type GuardDeps } from '../limits/guardedAttempt';
import { checkDirectoryLogin, checkLogin, type LoginCheck } from './loginChecks';
import { handleCodePage } from './oneTimeCodePage';
import { loginForm, type LoginOptions } from './loginForm';

export interface LoginDeps {
  provider: Provider;
  mfa: MfaFlow;
  modules: SignInModules;
  federation: Federation;
  persons: PersonRepository;
  /** One-time codes: a new person sets their password with one ("I have a one-time code"). */
  oneTimeCodes: OneTimeCodeRepository;
  state: ServerStateRepository;
  log: Logger;
  /** The guessing limiter, for passwords (local and LDAP) and the sign-in TOTP step. */
  limiter: GuardDeps['limiter'];
  /** The client address of a request (clientAddress.ts). */
  addressOf(req: http.IncomingMessage): string;
}

async function loginOptions(deps: LoginDeps, ldap?: { config: LdapConfig } | null): Promise<LoginOptions> {
  const directory = ldap === undefined ? await deps.modules.ldap() : ldap;
  return { ldap: directory?.config ?? null, federation: (await deps.modules.federation())?.config.name ?? null };
}

/** The interaction this page belongs to; null once answered that it expired or is another browser's. */
async function openInteraction(
  deps: LoginDeps,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  uid: string,
): Promise<Interaction | null> {
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
    return null;
  }
  if (details.uid !== uid) {
    sendHtml(
      res,
      400,
      'Sign-in expired',
      '<h1>This sign-in page does not belong to this browser</h1><p>Start the sign-in again from OpenPSM.</p>',
    );
    return null;
  }
  return details;
}

/** The username the app asked to fill in (OIDC `login_hint`, e.g. right after its first setup); '' when none. */
function loginHint(details: Interaction): string {
  const hint = details.params['login_hint'];
  return typeof hint === 'string' ? hint.trim().slice(0, 64) : '';
}

/** Grants consent without a page when the interaction asks for it from a signed-in account; false when it does not. */
async function grantImpliedConsent(
  deps: LoginDeps,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  details: Interaction,
): Promise<boolean> {
  if (details.prompt.name !== 'consent' || !details.session?.accountId) return false;
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

/** The OIDC interaction routes: the login page and its answers. Returns false when the path is not one. */
export async function handleInteraction(
  deps: LoginDeps,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  path: string,
): Promise<boolean> {
  const match =
    /^\/interaction\/([A-Za-z0-9_-]{1,200})(\/login|\/abort|\/totp|\/enrol|\/done|\/federate|\/federated|\/code)?$/.exec(
      path,
    );
  if (!match) return false;
  const [, uid = '', action] = match;
  const details = await openInteraction(deps, req, res, uid);
  if (!details) return true;
  deps.log.debug('auth.interaction', { prompt: details.prompt.name, reasons: details.prompt.reasons });
  if (await grantImpliedConsent(deps, req, res, details)) return true;
  if (req.method === 'GET' && !action) {
    sendHtml(res, 200, 'Sign in to OpenPSM', loginForm(uid, null, loginHint(details), await loginOptions(deps)));
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
  if (action === '/code') {
    await codePage(deps, req, res, uid);
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
      loginForm(
        uid,
        errorMessage('TOO_MANY_ATTEMPTS', { guessed: 'password', retryAfterSeconds: guarded.retryAfterSeconds }),
        username,
        options,
        method,
      ),
      throttled,
    );
  const { result } = guarded;
  if ('error' in result) {
    deps.log.info('auth.login_refused', { username, method, address, reason: result.error });
    await deps.state.audit(username || '(empty)', 'login.refused', `${method}: ${result.error ?? ''}`);
    const error =
      wait === null
        ? (result.error ?? null)
        : `${result.error ?? ''} ${errorMessage('TOO_MANY_ATTEMPTS', { guessed: 'password', retryAfterSeconds: wait })}`;
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

/** "I have a one-time code": its form, or once the password is set, the login form to sign in with it. */
async function codePage(deps: LoginDeps, req: http.IncomingMessage, res: http.ServerResponse, uid: string) {
  const outcome = await handleCodePage(deps, req, uid, deps.addressOf(req));
  if ('page' in outcome) {
    const wait = outcome.page.retryAfterSeconds;
    return sendHtml(
      res,
      outcome.page.status,
      'Set your password',
      outcome.page.body,
      wait ? { 'retry-after': String(wait) } : {},
    );
  }
  const options = { ...(await loginOptions(deps)), notice: 'Your password is set. Sign in with it.' };
  sendHtml(res, 200, 'Sign in to OpenPSM', loginForm(uid, null, outcome.passwordSet, options, 'local'));
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
