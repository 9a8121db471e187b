import crypto from 'node:crypto';
import * as oidc from 'openid-client';
import type { OidcFederationConfig } from '@shared/common/api/controlPlane/federation';
import type { Logger } from '@shared/node/logger';
import type { PersonRecord, PersonRepository } from '../db/persons';
import { federatedIdentity } from './federationClaims';
import { discoverUpstreamIssuer, issuerError, untrustedCertificate } from './issuerDiscovery';
import { referFailure } from './signInFailure';
import type { SignInModules } from './signInModules';

type Outcome = { person: PersonRecord } | { error: string };

/** Why a request to the issuer failed, in words for the server log: an untrusted certificate is said plainly. */
function describeFailure(config: OidcFederationConfig, error: unknown): string {
  const { code, message } = issuerError(error);
  if (untrustedCertificate(code))
    return `The identity provider at ${config.issuerUrl} has a certificate this server does not trust (${code}). Self-signed certificates are refused unless an administrator allows them for this issuer.`;
  return `The identity provider at ${config.issuerUrl} did not answer (${message.slice(0, 120)}). Try again later or ask an administrator.`;
}

/**
 * Sign-in through an external OpenID Connect issuer (authorization code + PKCE, as a
 * confidential client). The person is found by the configured claim (SearchClaim),
 * created on first sign-in, refused when disabled; groups map to roles.
 */
export class Federation {
  private readonly started = new Map<string, { uid: string; verifier: string; nonce: string; expires: number }>();
  private readonly finished = new Map<string, { uid: string; outcome: Outcome; expires: number }>();

  constructor(
    private readonly deps: {
      modules: SignInModules;
      persons: PersonRepository;
      log: Pick<Logger, 'info' | 'warn'>;
      publicUrl: () => string;
      ttlMs: number;
    },
  ) {}

  redirectUri(): string {
    return `${this.deps.publicUrl()}/federation/callback`;
  }

  /** Where to send the browser for the interaction `uid`, or why it cannot go. */
  async start(uid: string): Promise<{ location: string } | { error: string }> {
    this.sweep();
    const module = await this.deps.modules.federation();
    if (!module) return { error: 'Sign-in with an external identity provider is not switched on.' };
    let config: oidc.Configuration;
    try {
      config = await this.discover(module.config, module.clientSecret);
    } catch (error) {
      return {
        error: referFailure(this.deps.log, 'issuer', describeFailure(module.config, error), {
          issuer: module.config.issuerUrl,
          step: 'discovery',
        }),
      };
    }
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    this.started.set(state, { uid, verifier, nonce, expires: Date.now() + this.deps.ttlMs });
    const scope = ['openid', 'profile', 'email', ...(module.config.groupsClaim ? ['groups'] : [])].join(' ');
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri(),
      scope,
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    return { location: url.href };
  }

  /** The issuer's redirect back: exchanges the code and remembers the outcome for the interaction. */
  async callback(requestUrl: string): Promise<{ location: string } | null> {
    this.sweep();
    const url = new URL(requestUrl, this.deps.publicUrl());
    const state = url.searchParams.get('state') ?? '';
    const pending = this.started.get(state);
    if (!pending) return null;
    this.started.delete(state);
    const outcome = await this.complete(url, state, pending);
    const key = crypto.randomBytes(24).toString('base64url');
    this.finished.set(key, { uid: pending.uid, outcome, expires: Date.now() + this.deps.ttlMs });
    return { location: `/interaction/${pending.uid}/federated?key=${key}` };
  }

  /** The outcome for this interaction, once. */
  take(uid: string, key: string): Outcome | null {
    const found = this.finished.get(key);
    if (!found || found.uid !== uid) return null;
    this.finished.delete(key);
    return found.outcome;
  }

  private async complete(url: URL, state: string, pending: { verifier: string; nonce: string }): Promise<Outcome> {
    const module = await this.deps.modules.federation();
    if (!module) return { error: 'Sign-in with an external identity provider was switched off.' };
    const { config: settings } = module;
    const issuerError = url.searchParams.get('error');
    if (issuerError === 'access_denied')
      return { error: `Sign-in at ${settings.name} was cancelled or refused. Try again.` };
    if (issuerError)
      return {
        error: referFailure(
          this.deps.log,
          'issuer',
          `${issuerError}: ${(url.searchParams.get('error_description') ?? '').slice(0, 200)}`,
          { issuer: settings.issuerUrl },
        ),
      };
    try {
      const config = await this.discover(settings, module.clientSecret);
      const tokens = await oidc.authorizationCodeGrant(config, url, {
        pkceCodeVerifier: pending.verifier,
        expectedState: state,
        expectedNonce: pending.nonce,
      });
      const idClaims: Record<string, unknown> = tokens.claims() ?? {};
      const userinfo = await oidc.fetchUserInfo(
        config,
        tokens.access_token,
        String(idClaims.sub ?? oidc.skipSubjectCheck),
      );
      const identity = federatedIdentity(settings, idClaims, userinfo);
      if ('error' in identity) return identity;
      const { id, displayName, roles, groups } = identity;
      let person: PersonRecord;
      try {
        person = await this.deps.persons.upsertExternal(
          'oidc',
          `${settings.issuerUrl}|${id}`,
          id.slice(0, 64),
          displayName.slice(0, 200),
          roles,
        );
      } catch {
        return {
          error: `The account "${id}" from ${settings.name} has the same username as another OpenPSM account. Ask an administrator.`,
        };
      }
      if (person.disabled) return { error: 'This account is disabled. Ask an administrator to enable it.' };
      await this.deps.persons.followDirectory(person.id, 'oidc', groups);
      await this.deps.persons.applyRuleGroups(person.id);
      this.deps.log.info('federation.signed_in', { issuer: settings.issuerUrl, username: person.username });
      return { person };
    } catch (error) {
      return {
        error: referFailure(this.deps.log, 'issuer', describeFailure(settings, error), { issuer: settings.issuerUrl }),
      };
    }
  }

  private discover(settings: OidcFederationConfig, clientSecret: string | null): Promise<oidc.Configuration> {
    return discoverUpstreamIssuer(settings, clientSecret);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [k, v] of this.started) if (v.expires < now) this.started.delete(k);
    for (const [k, v] of this.finished) if (v.expires < now) this.finished.delete(k);
  }
}
