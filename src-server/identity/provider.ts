import crypto from 'node:crypto';
import type Provider from 'oidc-provider';
import type { Configuration } from 'oidc-provider';
import type * as OidcProviderModule from 'oidc-provider';
import type { Kysely } from 'kysely';
import { desktopClientId } from '@shared/common/api/controlPlane/basics';
import type { ServerTimers } from '../config';
import { databaseAdapter } from '../db/oidcAdapter';
import type { PersonRepository } from '../db/persons';
import type { Database } from '../db/schema';
import type { ServerStateRepository } from '../db/serverState';
import type { ServerKey } from '../secrets/serverKey';
import { pageHtml } from '../httpIo';

/** Where the desktop client is sent back: any loopback port (RFC 8252 §7.3). */
export const desktopRedirectUri = 'http://127.0.0.1/callback';
/** The `/start` page's own client (startPage.ts): a web client with PKCE, sent back to its callback. */
export const startPageClientId = 'openpsm-start-page';
export const startCallbackPath = '/start/callback';

type ProviderModule = typeof OidcProviderModule;
type AuthorizationContext = Parameters<NonNullable<Configuration['loadExistingGrant']>>[0];

/** The signing key: made once, kept sealed with the server key. */
async function signingJwk(state: ServerStateRepository, key: ServerKey): Promise<crypto.JsonWebKey> {
  const sealed = await state.getSetting<string | null>('oidc.signingKey', null);
  if (sealed) return JSON.parse(key.open('oidc-signing-key', sealed)) as crypto.JsonWebKey;
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: crypto.randomUUID(), use: 'sig', alg: 'RS256' };
  await state.setSetting('oidc.signingKey', key.seal('oidc-signing-key', JSON.stringify(jwk)));
  return jwk;
}

export interface ProviderDeps {
  issuer: string;
  db: Kysely<Database>;
  persons: PersonRepository;
  state: ServerStateRepository;
  key: ServerKey;
  timers: ServerTimers;
}

/** The built-in OpenID Connect provider: local accounts, our one first-party client. */
export async function createProvider(deps: ProviderDeps): Promise<Provider> {
  const jwk = await signingJwk(deps.state, deps.key);
  const oidcProvider = await loadProvider();
  const configuration: Configuration = {
    adapter: databaseAdapter(deps.db),
    clients: [
      {
        client_id: desktopClientId,
        client_name: 'OpenPSM',
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        redirect_uris: [desktopRedirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
      {
        // The web hand-off page (startPage.ts): it only learns who signed in, from the code itself.
        client_id: startPageClientId,
        client_name: 'OpenPSM start page',
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        redirect_uris: [`${deps.issuer}${startCallbackPath}`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    pkce: { required: () => true },
    scopes: ['openid', 'profile', 'offline_access'],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'roles'] },
    async findAccount(_ctx, id) {
      const person = await deps.persons.findById(id);
      // A disabled person has no account: sign-in, refresh and token use all stop.
      if (!person || person.disabled) return undefined;
      return {
        accountId: id,
        claims: () => ({ sub: id, name: person.displayName, preferred_username: person.username, roles: person.roles }),
      };
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: [deps.key.derive('oidc-cookies').toString('base64url')] },
    jwks: { keys: [jwk as never] },
    ttl: {
      AccessToken: deps.timers.accessTokenTtlSeconds,
      RefreshToken: deps.timers.refreshTokenTtlSeconds,
      Interaction: deps.timers.interactionTtlSeconds,
      Session: deps.timers.sessionTtlSeconds,
      Grant: deps.timers.refreshTokenTtlSeconds,
      IdToken: 3600,
      AuthorizationCode: 60,
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      rpInitiatedLogout: { enabled: true },
    },
    issueRefreshToken: (_ctx, client) => Promise.resolve(client.grantTypeAllowed('refresh_token')),
    ...signInIsolation(oidcProvider.errors),
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = pageHtml(
        'Sign-in error',
        `<h1>Sign-in could not continue</h1><p>${escapeHtml(String(out['error_description'] ?? out['error'] ?? 'error'))}</p><p>Close this tab and start the sign-in again from OpenPSM.</p>`,
      );
      return Promise.resolve();
    },
  };
  return new oidcProvider.default(deps.issuer, configuration);
}

/**
 * Keeps each desktop sign-in its own (issue 19, item 4):
 * - An authorization request of the desktop client without `prompt=login` is refused, so the
 *   browser's remembered provider session never hands a code to a local process silently.
 * - Its tokens do not expire with that browser session, and its grant outlives the session's
 *   logout: a second person signing in through the same browser makes oidc-provider log the
 *   first person out of the browser, which must not end the first person's desktop sign-in.
 * - Each sign-in gets a grant of its own (made at the consent step), so one app instance
 *   signing out does not end another's sign-in under the same browser session.
 */
function signInIsolation(
  errors: ProviderModule['errors'],
): Pick<Configuration, 'extraParams' | 'expiresWithSession' | 'loadExistingGrant'> {
  const isDesktop = (ctx: AuthorizationContext) => ctx.oidc.client?.clientId === desktopClientId;
  return {
    extraParams: {
      // Declared to validate the standard `prompt`; oidc-provider calls this for every authorization request.
      prompt(ctx) {
        if (isDesktop(ctx) && !ctx.oidc.prompts.has('login'))
          throw new errors.InvalidRequest(
            'the OpenPSM desktop app must send prompt=login: its sign-in always shows the login page',
          );
      },
    },
    expiresWithSession: (ctx, token) => Promise.resolve(!isDesktop(ctx) && !token.scopes.has('offline_access')),
    loadExistingGrant(ctx) {
      const grantId =
        ctx.oidc.result?.consent?.grantId ??
        (isDesktop(ctx) ? undefined : ctx.oidc.session?.grantIdFor(ctx.oidc.client?.clientId ?? ''));
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : Promise.resolve(undefined);
    },
  };
}

/**
 * Loads oidc-provider without its import-time "Unsupported runtime" line: it asks for
 * Node 22, works on our Node 20 (architecture.md, verified), and `npm start` must print
 * only its own lines. Any other warning still goes through.
 */
async function loadProvider(): Promise<ProviderModule> {
  /* eslint-disable no-console -- filters one line of a dependency's console output, for the import only */
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes('oidc-provider WARNING: Unsupported runtime')) return;
    warn(...args);
  };
  try {
    return await import('oidc-provider');
  } finally {
    console.warn = warn;
  }
  /* eslint-enable no-console */
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
