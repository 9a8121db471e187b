import crypto from 'node:crypto';
import type Provider from 'oidc-provider';
import type { Configuration } from 'oidc-provider';
import type { Kysely } from 'kysely';
import type { ServerTimers } from '../config';
import { databaseAdapter } from '../db/oidcAdapter';
import type { PersonRepository } from '../db/persons';
import type { Database } from '../db/schema';
import type { ServerStateRepository } from '../db/serverState';
import type { ServerKey } from '../secrets/serverKey';

/** The desktop app's client: public, PKCE, any loopback port (RFC 8252 §7.3). */
export const desktopClientId = 'openpsm-desktop';
export const desktopRedirectUri = 'http://127.0.0.1/callback';

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
    ],
    pkce: { required: () => true },
    scopes: ['openid', 'profile', 'offline_access'],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'roles'] },
    async findAccount(_ctx, id) {
      const person = await deps.persons.findById(id);
      // A disabled person has no account: sign-in, refresh and token use all stop.
      if (!person || person.disabled) return undefined;
      return { accountId: id, claims: () => ({ sub: id, name: person.displayName, preferred_username: person.username, roles: person.roles }) };
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
    features: { devInteractions: { enabled: false }, revocation: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    issueRefreshToken: (_ctx, client) => Promise.resolve(client.grantTypeAllowed('refresh_token')),
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = `<!doctype html><meta charset="utf-8"><title>Sign-in error</title><h1>Sign-in could not continue</h1><p>${escapeHtml(String(out['error_description'] ?? out['error'] ?? 'error'))}</p><p>Close this tab and start the sign-in again from OpenPSM.</p>`;
      return Promise.resolve();
    },
  };
  const ProviderClass = await loadProvider();
  return new ProviderClass(deps.issuer, configuration);
}

/**
 * Loads oidc-provider without its import-time "Unsupported runtime" line: it asks for
 * Node 22, works on our Node 20 (architecture.md, verified), and `npm start` must print
 * only its own lines. Any other warning still goes through.
 */
async function loadProvider(): Promise<typeof Provider> {
  /* eslint-disable no-console -- filters one line of a dependency's console output, for the import only */
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes('oidc-provider WARNING: Unsupported runtime')) return;
    warn(...args);
  };
  try {
    return (await import('oidc-provider')).default;
  } finally {
    console.warn = warn;
  }
  /* eslint-enable no-console */
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
