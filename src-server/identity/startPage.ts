import crypto from 'node:crypto';
import type http from 'node:http';
import type Provider from 'oidc-provider';
import { z } from 'zod';
import { OpenPsmError, type ErrorCode } from '@shared/common/errors';
import { desktopStartLink, parseStartLink, type StartLink } from '@shared/common/startLink';
import { matchStartLink } from '@shared/common/startLinkMatch';
import type { Logger } from '@shared/node/logger';
import { httpStatus } from '@shared/node/transport/errorStatus';
import type { CatalogRepository } from '../db/catalog';
import type { PersonRepository } from '../db/persons';
import type { ServerKey } from '../secrets/serverKey';
import { sendHtml } from '../httpIo';
import { escapeHtml, startCallbackPath, startPageClientId } from './provider';

const startPagePath = '/start';
const maxQuery = 1500;
const cookieName = 'openpsm_start';
const sealPurpose = 'start-page-sign-in';
/** `/start?…&SignIn=again`: the sign-in page even when the browser is signed in (to change person). */
const signInAgain = /(?:^|&)signin=again(?:&|$)/i;

export interface StartPageDeps {
  provider(): Provider | null;
  publicUrl(): string;
  key: ServerKey;
  persons: PersonRepository;
  catalog: CatalogRepository;
  rdpProxyEnabled(): Promise<boolean>;
  /** How long a sign-in started at `/start` may take. */
  signInSeconds: number;
  log: Logger;
}

/** What the browser keeps (sealed, in a cookie) between `/start` and the callback. */
const pendingSchema = z.object({ state: z.string(), verifier: z.string(), query: z.string(), expires: z.number() });
type Pending = z.infer<typeof pendingSchema>;

/**
 * The web hand-off (seed 000's `https://FQDN/start?…`): checks the link's parameters, signs the
 * person in through the built-in provider in the browser, checks the link is theirs and names
 * one of their computers, and offers the desktop app's `openpsm://start?…`. It never starts a
 * session itself: the app shows the terms first. Returns false for any other path.
 */
export async function handleStartPage(
  deps: StartPageDeps,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  path: string,
): Promise<boolean> {
  if (req.method !== 'GET' || (path !== startPagePath && path !== startCallbackPath)) return false;
  const url = new URL(req.url ?? '/', 'http://start.invalid');
  if (path === startPagePath) startSignIn(deps, res, url.search.slice(1));
  else await finishSignIn(deps, req, res, url.searchParams);
  return true;
}

/** The link's own check, then off to the provider's sign-in with a sealed note of where to come back. */
function startSignIn(deps: StartPageDeps, res: http.ServerResponse, query: string): void {
  try {
    // The query travels sealed in a cookie, and a browser keeps at most about 4 KB of one.
    if (query.length > maxQuery)
      throw new OpenPsmError('INVALID_PARAMETER', {
        message: `The start link is too long (at most ${maxQuery} characters after /start?).`,
      });
    parseStartLink(`openpsm://start?${query}`);
  } catch (error) {
    if (error instanceof OpenPsmError) return refusal(res, error);
    throw error;
  }
  const pending: Pending = {
    state: crypto.randomBytes(24).toString('base64url'),
    verifier: crypto.randomBytes(32).toString('base64url'),
    query,
    expires: Date.now() + deps.signInSeconds * 1000,
  };
  const base = deps.publicUrl();
  const auth = new URL('/auth', base);
  auth.search = new URLSearchParams({
    client_id: startPageClientId,
    response_type: 'code',
    scope: 'openid',
    redirect_uri: `${base}${startCallbackPath}`,
    state: pending.state,
    code_challenge: challengeOf(pending.verifier),
    code_challenge_method: 'S256',
    ...(signInAgain.test(query) ? { prompt: 'login' } : {}),
  }).toString();
  const cookie = `${cookieName}=${deps.key.seal(sealPurpose, JSON.stringify(pending))}`;
  res
    .writeHead(303, {
      location: auth.toString(),
      'set-cookie': `${cookie}; ${cookieAttributes(base, deps.signInSeconds)}`,
      'cache-control': 'no-store',
    })
    .end();
}

/** Back from the provider: who signed in, then whether the link is theirs and names one of their computers. */
async function finishSignIn(
  deps: StartPageDeps,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  params: URLSearchParams,
): Promise<void> {
  const clear = { 'set-cookie': `${cookieName}=; ${cookieAttributes(deps.publicUrl(), 0)}` };
  const pending = readPending(deps, req.headers.cookie);
  if (!pending || pending.state !== params.get('state'))
    return refusal(res, expired('This sign-in is unknown or has expired.'), clear);
  const personId = await signedInPerson(deps, pending, params.get('code'));
  if (!personId) return refusal(res, expired(params.get('error_description') ?? 'The sign-in did not finish.'), clear);
  const link = parseStartLink(`openpsm://start?${pending.query}`);
  if (link.personId !== personId.toLowerCase())
    return refusal(res, new OpenPsmError('LINK_FOR_ANOTHER_PERSON', { path: 'TargetPersonGuid' }), clear, pending);
  const groups = await deps.catalog.resourcesFor(personId, await deps.rdpProxyEnabled());
  const match = matchStartLink(link, groups);
  if ('problem' in match) return refusalPage(res, match.problem.code, match.problem.message, clear);
  deps.log.info('start_page.handed_off', { personId, policyId: link.policyId, computerId: link.computerId });
  sendHtml(res, 200, 'Open in OpenPSM', handOffBody(link, match.computer.name, match.group.policyName), clear);
}

/** The person the provider's code was issued to, once: the code must be this page's, for this sign-in (PKCE), unused. */
async function signedInPerson(deps: StartPageDeps, pending: Pending, value: string | null): Promise<string | null> {
  const provider = deps.provider();
  if (!provider || !value || value.length > 512) return null;
  const code = await provider.AuthorizationCode.find(value).catch(() => undefined);
  const valid =
    code?.isValid === true &&
    code.clientId === startPageClientId &&
    code.redirectUri === `${deps.publicUrl()}${startCallbackPath}` &&
    code.codeChallengeMethod === 'S256' &&
    code.codeChallenge === challengeOf(pending.verifier);
  if (!code || !valid || !code.accountId) return null;
  await code.consume();
  const person = await deps.persons.findById(code.accountId);
  return person && !person.disabled ? person.id : null;
}

function readPending(deps: StartPageDeps, header: string | undefined): Pending | null {
  const sealed = (header ?? '')
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${cookieName}=`))
    ?.slice(cookieName.length + 1);
  if (!sealed || sealed.length > 8192) return null;
  try {
    const pending = pendingSchema.parse(JSON.parse(deps.key.open(sealPurpose, sealed)));
    return pending.expires > Date.now() ? pending : null;
  } catch {
    return null;
  }
}

const challengeOf = (verifier: string) => crypto.createHash('sha256').update(verifier).digest('base64url');

function cookieAttributes(base: string, maxAgeSeconds: number): string {
  const secure = base.startsWith('https:') ? '; Secure' : '';
  return `Path=${startPagePath}; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
}

const expired = (why: string) =>
  new OpenPsmError('SIGN_IN_FAILED', { message: `${why} Open the start link again to sign in once more.` });

function refusal(res: http.ServerResponse, error: OpenPsmError, headers = {}, pending?: Pending): void {
  const again = pending
    ? `<p><a href="${startPagePath}?${escapeHtml(pending.query)}&amp;SignIn=again">Sign in as another person</a></p>`
    : '';
  refusalPage(res, error.code, error.message, headers, again);
}

function refusalPage(
  res: http.ServerResponse,
  code: ErrorCode,
  message: string,
  headers: Record<string, string> = {},
  extra = '',
): void {
  sendHtml(
    res,
    httpStatus(code),
    'This start link cannot be used',
    `<h1>This start link cannot be used</h1><p class="error"><code data-testid="link-error-code">${escapeHtml(code)}</code> ` +
      `<span data-testid="link-error-message">${escapeHtml(message)}</span></p>${extra}`,
    headers,
  );
}

function handOffBody(link: StartLink, computer: string, policy: string): string {
  const mode = link.advanced ? 'in Advanced Mode' : 'with one click';
  return (
    `<h1>Open in OpenPSM</h1><p>This link connects you to <strong>${escapeHtml(computer)}</strong> under the policy ` +
    `<strong>${escapeHtml(policy)}</strong>, ${mode}. OpenPSM shows the terms first: nothing starts until you agree there.</p>` +
    `<p><a class="button" data-testid="open-in-app" href="${escapeHtml(desktopStartLink(link))}">Open in OpenPSM</a></p>` +
    `<h2>Nothing happened?</h2><p>The OpenPSM desktop app is not installed on this computer, or the browser did not hand the link to it. ` +
    `Install OpenPSM (your administrator has it), sign in once, then open this page again. A dialog asking to open OpenPSM may need your OK first.</p>`
  );
}
