import * as oidc from 'openid-client';
import type { AuthState } from '@shared/common/api/auth';
import { OpenPsmError } from '@shared/common/errors';
import type { Logger } from '@shared/node/logger';
import type { Timers } from '../config/timers';
import type { SecretStore } from '../secrets/secretStore';
import { discoverIssuer, whoAmI } from './issuerRequests';
import { listenForRedirect, type LoopbackRedirect } from './loopbackRedirect';

export interface TokenBrokerDeps {
  /** Where the refresh token is kept: the OS keychain, or memory for this launch only. */
  secrets: SecretStore;
  timers: Pick<Timers, 'authRefreshSkewMs' | 'signInTimeoutMs'>;
  log: Pick<Logger, 'info' | 'warn' | 'addSecret'>;
}

interface Tokens {
  access: string;
  refresh: string | null;
  expiresAt: number;
}

const signedOut = (message: string | null = null): AuthState => ({
  status: 'signed-out',
  person: null,
  message,
  needsSetup: false,
});

/**
 * Holds the sign-in: OIDC authorization code + PKCE with a loopback redirect, tokens kept
 * in main only, refresh before expiry, and `expired` when the server refuses a refresh.
 */
export class TokenBroker {
  private issuer: string | null = null;
  private config: oidc.Configuration | null = null;
  private tokens: Tokens | null = null;
  private current: AuthState = signedOut();
  private needsSetup = false;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private pending: LoopbackRedirect | null = null;
  private refreshing: Promise<boolean> | null = null;
  private generation = 0;
  private readonly changeListeners = new Set<(state: AuthState) => void>();
  private readonly expiredListeners = new Set<(message: string) => void>();
  private readonly tokenListeners = new Set<(accessToken: string) => void>();

  constructor(private readonly deps: TokenBrokerDeps) {}

  state(): AuthState {
    return { ...this.current, needsSetup: this.needsSetup };
  }

  onChange(listener: (state: AuthState) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** The sign-in ended without the user asking (a refused refresh, a revoked token). */
  onExpired(listener: (message: string) => void): () => void {
    this.expiredListeners.add(listener);
    return () => this.expiredListeners.delete(listener);
  }

  /** Each new access token (sign-in and every refresh), for the gateway sessions that live on it. */
  onTokens(listener: (accessToken: string) => void): () => void {
    this.tokenListeners.add(listener);
    return () => this.tokenListeners.delete(listener);
  }

  setNeedsSetup(needed: boolean): void {
    if (this.needsSetup === needed) return;
    this.needsSetup = needed;
    this.emit();
  }

  /** The control plane in use, or null. A new issuer drops the old sign-in and restores a kept one. */
  async useIssuer(url: string | null): Promise<void> {
    if (url === this.issuer) return;
    this.reset();
    this.issuer = url;
    this.config = null;
    this.set(signedOut());
    const kept = url ? this.deps.secrets.get(this.keyFor(url)) : null;
    if (!url || !kept) return;
    const generation = this.generation;
    this.tokens = { access: '', refresh: kept, expiresAt: 0 };
    if ((await this.refresh()) && generation === this.generation) this.deps.log.info('auth.restored', {});
  }

  /** Starts a sign-in and returns the authorization URL; completion comes as a state change. `loginHint` fills in the username. */
  async beginSignIn(loginHint?: string): Promise<string> {
    const issuer = this.issuer;
    if (!issuer) throw new OpenPsmError('NO_BACKEND');
    const config = await this.discover();
    this.pending?.close();
    const redirect = await listenForRedirect(this.deps.timers.signInTimeoutMs);
    this.pending = redirect;
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirect.redirectUri,
      scope: 'openid profile offline_access',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      prompt: 'login',
      ...(loginHint ? { login_hint: loginHint } : {}),
    });
    this.set({ status: 'signing-in', person: null, message: null, needsSetup: false });
    const generation = this.generation;
    redirect.callback.then(
      async (callbackUrl) => {
        try {
          const error = callbackUrl.searchParams.get('error');
          if (error)
            throw new OpenPsmError(error === 'access_denied' ? 'SIGN_IN_CANCELLED' : 'SIGN_IN_FAILED', {
              message: callbackUrl.searchParams.get('error_description') ?? undefined,
            });
          const response = await oidc.authorizationCodeGrant(config, callbackUrl, {
            pkceCodeVerifier: verifier,
            expectedState: state,
          });
          if (generation !== this.generation) throw new OpenPsmError('SIGN_IN_CANCELLED');
          await this.accept(response);
          redirect.finish(true, 'You can close this tab and go back to OpenPSM.');
        } catch (error) {
          const message =
            error instanceof OpenPsmError
              ? error.message
              : `${new OpenPsmError('SIGN_IN_FAILED').message} ${(error as Error).message}`;
          this.deps.log.warn('auth.sign_in_failed', { reason: message });
          redirect.finish(false, `${message} Go back to OpenPSM and try again.`);
          if (generation === this.generation) this.set(signedOut(message));
        } finally {
          if (this.pending === redirect) this.pending = null;
        }
      },
      () => {
        if (this.pending === redirect && generation === this.generation) {
          this.pending = null;
          this.set(signedOut(new OpenPsmError('SIGN_IN_CANCELLED').message));
        }
      },
    );
    return url.href;
  }

  /** A current access token, refreshed first when it is about to run out. */
  async accessToken(): Promise<string> {
    if (!this.tokens) throw new OpenPsmError('NOT_SIGNED_IN');
    // A refresh that failed because the server did not answer keeps the sign-in: say so, not "revoked".
    if (this.tokens.expiresAt - Date.now() < 5000 && !(await this.refresh()))
      throw new OpenPsmError(this.tokens ? 'SERVER_UNREACHABLE' : 'SIGN_IN_REVOKED');
    return (this.tokens as Tokens).access;
  }

  refreshAfterRejection(): Promise<boolean> {
    return this.refresh();
  }

  /** Ends the sign-in here, and on the server as far as it answers. */
  async signOut(): Promise<AuthState> {
    const config = this.config;
    const refresh = this.tokens?.refresh;
    if (this.issuer) this.deps.secrets.delete(this.keyFor(this.issuer));
    this.reset();
    this.set(signedOut());
    if (config && refresh)
      await oidc.tokenRevocation(config, refresh, { token_type_hint: 'refresh_token' }).catch(() => undefined);
    return this.state();
  }

  close(): void {
    this.reset();
  }

  private async accept(response: oidc.TokenEndpointResponse): Promise<void> {
    const issuer = this.issuer as string;
    const refresh = response.refresh_token ?? this.tokens?.refresh ?? null;
    this.deps.log.addSecret(response.access_token);
    if (refresh) this.deps.log.addSecret(refresh);
    this.tokens = {
      access: response.access_token,
      refresh,
      expiresAt: Date.now() + (response.expires_in ?? 300) * 1000,
    };
    if (refresh) this.deps.secrets.set(this.keyFor(issuer), refresh);
    const person = await whoAmI(issuer, response.access_token);
    this.set({ status: 'signed-in', person, message: null, needsSetup: false });
    this.schedule();
    for (const listener of this.tokenListeners) listener(response.access_token);
  }

  private refresh(): Promise<boolean> {
    this.refreshing ??= this.doRefresh().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async doRefresh(): Promise<boolean> {
    const refresh = this.tokens?.refresh;
    if (!refresh) return false;
    const generation = this.generation;
    try {
      const config = await this.discover();
      const response = await oidc.refreshTokenGrant(config, refresh);
      if (generation !== this.generation) return false;
      await this.accept(response);
      return true;
    } catch (error) {
      if (generation !== this.generation) return false;
      if (
        error instanceof oidc.ResponseBodyError ||
        (error instanceof OpenPsmError && error.code === 'TOKEN_INVALID')
      ) {
        this.end(new OpenPsmError('SIGN_IN_REVOKED').message);
        return false;
      }
      // The server did not answer: keep the sign-in and try again soon.
      this.deps.log.warn('auth.refresh_failed', { reason: (error as Error).message });
      if (this.current.status === 'signed-in') this.schedule(5000);
      else this.set(signedOut(new OpenPsmError('SERVER_UNREACHABLE').message));
      return false;
    }
  }

  private end(message: string): void {
    if (this.issuer) this.deps.secrets.delete(this.keyFor(this.issuer));
    const wasSignedIn = this.current.status === 'signed-in' || this.tokens !== null;
    this.reset();
    this.set(signedOut(message));
    if (wasSignedIn) for (const listener of this.expiredListeners) listener(message);
  }

  private schedule(delayMs?: number): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    if (!this.tokens) return;
    const delay = delayMs ?? Math.max(1000, this.tokens.expiresAt - Date.now() - this.deps.timers.authRefreshSkewMs);
    this.refreshTimer = setTimeout(() => void this.refresh(), delay);
    this.refreshTimer.unref();
  }

  private async discover(): Promise<oidc.Configuration> {
    if (this.config) return this.config;
    const issuer = this.issuer;
    if (!issuer) throw new OpenPsmError('NO_BACKEND');
    this.config = await discoverIssuer(issuer);
    return this.config;
  }

  private keyFor(issuer: string): string {
    return `oidc-refresh-token:${issuer}`;
  }

  private reset(): void {
    this.generation += 1;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
    this.pending?.close();
    this.pending = null;
    this.tokens = null;
  }

  private set(state: AuthState): void {
    this.current = state;
    this.emit();
  }

  private emit(): void {
    const state = this.state();
    for (const listener of this.changeListeners) listener(state);
  }
}
