import * as oidc from 'openid-client';
import { Agent, fetch as undiciFetch } from 'undici';
import type { OidcFederationConfig } from '@shared/common/api/controlPlane/federation';

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Whether plain http is allowed for this URL: only on loopback (a test issuer on this machine). */
export function insecureAllowed(url: URL): boolean {
  return url.protocol === 'http:' && loopbackHosts.has(url.hostname);
}

/** The fetch that talks to the issuer: one that accepts a self-signed certificate only when allowed. */
export function issuerFetch(settings: OidcFederationConfig): oidc.CustomFetch | undefined {
  if (!settings.allowSelfSignedTls) return undefined;
  const dispatcher = new Agent({ connect: { rejectUnauthorized: false } });
  return ((input: string, init: Record<string, unknown>) =>
    undiciFetch(input, { ...init, dispatcher } as never)) as unknown as oidc.CustomFetch;
}

/** Reads the issuer's discovery document, as sign-in and the settings' Test do. */
export function discoverUpstreamIssuer(
  settings: OidcFederationConfig,
  clientSecret: string | null,
): Promise<oidc.Configuration> {
  const issuer = new URL(settings.issuerUrl);
  const execute = insecureAllowed(issuer) ? [oidc.allowInsecureRequests] : [];
  const options: oidc.DiscoveryRequestOptions = { execute, timeout: Math.ceil(settings.timeoutMs / 1000) };
  const custom = issuerFetch(settings);
  if (custom) options[oidc.customFetch] = custom;
  const auth = clientSecret ? oidc.ClientSecretBasic(clientSecret) : oidc.None();
  return oidc.discovery(issuer, settings.clientId, undefined, auth, options);
}

/** The code and words of a failed request to the issuer (undici puts the socket's in `cause`). */
export function issuerError(error: unknown): { code: string; message: string } {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (error as { code?: string }).code ?? '';
  return { code, message: (cause?.message ?? (error as Error).message ?? String(error)).slice(0, 160) };
}

/** Whether the failure is a certificate this server does not trust. */
export const untrustedCertificate = (code: string) => /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code);
