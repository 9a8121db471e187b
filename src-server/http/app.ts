import http from 'node:http';
import type { Duplex } from 'node:stream';
import type Provider from 'oidc-provider';
import type { Logger } from '@shared/node/logger';
import { OpenPsmError } from '@shared/common/errors';
import { waitText } from '@shared/common/retryWait';
import { guardUpgradeSocket, rejectUpgrade } from '@shared/node/socketGuard';
import { isControlPlanePath } from '@shared/common/api/controlPlane';
import { desktopClientId } from '@shared/common/api/controlPlane/basics';
import { looksLikeApiKey } from '../db/apiKeys';
import type { Store } from '../db/openStore';
import type { Federation } from '../identity/federation';
import { handleInteraction } from '../identity/loginPages';
import { handleSetup, type Setup } from '../identity/setupPage';
import { handleStartPage, type StartPageDeps } from '../identity/startPage';
import type { MfaFlow } from '../identity/mfaFlow';
import type { SignInModules } from '../identity/signInModules';
import type { Guards } from '../limits/guards';
import { isConfiguredHost } from './hostCheck';
import { sendError, sendJson } from '../httpIo';
import { pageStylesheetPath, sendPageStylesheet } from '../pageStyle';
import { openApiDocument } from './openapi';
import { dispatch, type Authenticate, type Route } from './router';

/** What the front handler routes to; provider and publicUrl exist only once the server listens. */
export interface AppDeps {
  store: Pick<Store, 'persons' | 'state' | 'apiKeys' | 'oneTimeCodes'>;
  guards: Guards;
  setup: Setup;
  mfa: MfaFlow;
  modules: SignInModules;
  federation: Federation;
  routes: Route[];
  log: Logger;
  /** The web hand-off at `/start` (its own deps: the provider and public URL come from here). */
  startPage: Omit<StartPageDeps, 'provider' | 'publicUrl' | 'log'>;
  provider(): Provider | null;
  publicUrl(): string;
}

/** The API's caller for a bearer token: an enabled person the provider issued it to, else null. */
export function authenticator(provider: () => Provider | null, persons: Store['persons']): Authenticate {
  return async (token) => {
    const accessToken = await provider()
      ?.AccessToken.find(token)
      .catch(() => undefined);
    // Only the desktop client's tokens call the API: the /start page's client only learns who signed in.
    if (!accessToken?.accountId || accessToken.clientId !== desktopClientId) return null;
    const person = await persons.findById(accessToken.accountId);
    if (!person || person.disabled) return null;
    return { personId: person.id, username: person.username, roles: person.roles };
  };
}

/**
 * Accepts API keys besides sign-ins: a key's caller is its enabled service account, with the
 * key's roles that the account still holds, marked `viaApiKey`. A wrong key counts against the
 * address's request rate like a flood of sign-in requests; once it is spent, keys from there wait.
 */
export function withApiKeys(
  signIns: Authenticate,
  deps: { apiKeys: Store['apiKeys']; persons: Store['persons']; guards: Pick<Guards, 'wrongKey' | 'keyWait'> },
): Authenticate {
  return async (token, address) => {
    if (!looksLikeApiKey(token)) return signIns(token, address);
    const wait = deps.guards.keyWait(address);
    if (wait !== null) throw tooManyKeys(wait);
    const holder = await deps.apiKeys.check(token);
    const person = holder ? await deps.persons.findById(holder.personId) : undefined;
    if (!holder || !person || person.disabled || person.source !== 'service') {
      const spent = deps.guards.wrongKey(address);
      if (spent !== null) throw tooManyKeys(spent);
      return null;
    }
    const roles = holder.roles.filter((role) => person.roles.includes(role));
    return { personId: person.id, username: person.username, roles, viaApiKey: true };
  };
}

const tooManyKeys = (seconds: number) =>
  new OpenPsmError('TOO_MANY_ATTEMPTS', {
    retryAfterSeconds: seconds,
    message: `Too many wrong API keys from this address. Try again in ${waitText(seconds)}.`,
  });

/** The HTTP front handler: flood guard, OpenAPI, setup, federation, login pages, the API, then the OIDC provider. */
export function createApp(deps: AppDeps): (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> {
  const { store, guards, setup, mfa, modules, federation, routes, log } = deps;
  const authenticate = withApiKeys(authenticator(deps.provider, store.persons), { ...store, guards });
  return async (req, res) => {
    const provider = deps.provider();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (guards.refuseFlood(req, res, path)) return;
    if (path === '/openapi.json' && req.method === 'GET')
      return sendJson(res, 200, openApiDocument(routes, deps.publicUrl()));
    if (path === '/setup') return handleSetup(setup, store.persons, req, res);
    if (path === pageStylesheetPath && req.method === 'GET') return sendPageStylesheet(res);
    if (path === '/federation/callback' && req.method === 'GET') {
      const next = await federation.callback(req.url ?? '/');
      if (!next)
        return sendError(
          res,
          new OpenPsmError('SIGN_IN_FAILED', {
            message: 'This sign-in link is unknown or expired. Start the sign-in again from OpenPSM.',
          }),
        );
      res.writeHead(303, { location: next.location, 'cache-control': 'no-store' }).end();
      return;
    }
    if (
      path.startsWith('/interaction/') &&
      provider &&
      (await handleInteraction(
        {
          provider,
          mfa,
          modules,
          federation,
          persons: store.persons,
          oneTimeCodes: store.oneTimeCodes,
          state: store.state,
          log,
          limiter: guards.limiter,
          addressOf: guards.addressOf,
        },
        req,
        res,
        path,
      ))
    )
      return;
    if (path.startsWith('/start') && (await handleStartPage({ ...deps.startPage, ...deps }, req, res, path))) return;
    if (isControlPlanePath(path)) {
      if (await dispatch(routes, authenticate, req, res, path, guards.addressOf(req))) return;
      return sendError(res, new OpenPsmError('NOT_FOUND'));
    }
    if (!provider) return sendError(res, new OpenPsmError('SERVER_STARTING'));
    provider.callback()(req, res);
  };
}

/** The HTTP server around the front handler: only configured Host names (DNS-rebinding defence), a 500 for a handler that throws, upgrades to the gateway. */
export function createHttpServer(deps: {
  handle: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;
  /** The names this server answers to; set once it listens. */
  hosts(): ReadonlySet<string>;
  gateway: { handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): boolean };
  log: Logger;
}): http.Server {
  const { handle, hosts, gateway, log } = deps;
  const server = http.createServer((req, res) => {
    if (!isConfiguredHost(req.headers.host, hosts())) {
      log.warn('server.refused', { status: 421, reason: 'foreign Host header' });
      return sendError(res, new OpenPsmError('MISDIRECTED_REQUEST'));
    }
    handle(req, res).catch((error: unknown) => {
      log.error('server.request_failed', { path: (req.url ?? '').split('?')[0], error });
      if (!res.headersSent)
        sendError(
          res,
          new OpenPsmError('INTERNAL', {
            message: 'Something went wrong inside OpenPSM. The server log has the details.',
          }),
        );
      else res.end();
    });
  });
  server.on('upgrade', (req, socket, head) => {
    guardUpgradeSocket(socket);
    if (!isConfiguredHost(req.headers.host, hosts())) {
      log.warn('server.socket_refused', { status: 421, reason: 'foreign Host header' });
      return rejectUpgrade(socket, 421);
    }
    if (!gateway.handleUpgrade(req, socket, head)) socket.destroy();
  });
  return server;
}
