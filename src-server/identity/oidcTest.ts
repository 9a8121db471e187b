import type { OidcFederationConfig, OidcTestResult } from '@shared/common/api/controlPlane/federation';
import { OpenPsmError } from '@shared/common/errors';
import {
  discoverUpstreamIssuer,
  insecureAllowed,
  issuerError,
  issuerFetch,
  untrustedCertificate,
} from './issuerDiscovery';

/** A failed step as the route answers it: OIDC_TEST_FAILED naming the step and the issuer's words. */
function failure(settings: OidcFederationConfig, step: 'discovery' | 'keys', error: unknown): OpenPsmError {
  const { code, message } = issuerError(error);
  const why = untrustedCertificate(code)
    ? `its certificate is not trusted (${code}); self-signed certificates need "Allow a self-signed certificate"`
    : message;
  return new OpenPsmError('OIDC_TEST_FAILED', {
    message: `Identity provider test failed at ${step} (${settings.issuerUrl}): ${why}`,
  });
}

/** The issuer's signing keys (its JWKS), read with the same rules as discovery: how many there are. */
async function countKeys(settings: OidcFederationConfig, jwksUri: string): Promise<number> {
  const url = new URL(jwksUri);
  if (url.protocol !== 'https:' && !insecureAllowed(url))
    throw new Error(`the key set ${jwksUri} is not https (plain http is allowed only on loopback)`);
  const get = issuerFetch(settings) ?? fetch;
  const res = (await get(jwksUri, {
    method: 'GET',
    headers: { accept: 'application/json' },
    redirect: 'manual',
    signal: AbortSignal.timeout(settings.timeoutMs),
  } as never)) as Response;
  if (!res.ok) throw new Error(`${jwksUri} answered HTTP ${res.status}`);
  const body = (await res.json().catch(() => null)) as { keys?: unknown } | null;
  if (!body || !Array.isArray(body.keys)) throw new Error(`${jwksUri} is not a key set (no "keys" list)`);
  return body.keys.length;
}

/**
 * Tries typed federation settings without saving them: reads the issuer's discovery document
 * as sign-in does, then its signing keys. Fails with OIDC_TEST_FAILED naming the step.
 */
export async function testIssuer(settings: OidcFederationConfig): Promise<OidcTestResult> {
  let metadata;
  try {
    metadata = (await discoverUpstreamIssuer(settings, null)).serverMetadata();
  } catch (error) {
    throw failure(settings, 'discovery', error);
  }
  if (!metadata.jwks_uri) throw failure(settings, 'keys', new Error('the discovery document names no jwks_uri'));
  let keyCount: number;
  try {
    keyCount = await countKeys(settings, metadata.jwks_uri);
  } catch (error) {
    throw failure(settings, 'keys', error);
  }
  return {
    ok: true,
    issuer: metadata.issuer,
    authorizationEndpoint: metadata.authorization_endpoint ?? null,
    tokenEndpoint: metadata.token_endpoint ?? null,
    userinfoEndpoint: metadata.userinfo_endpoint ?? null,
    jwksUri: metadata.jwks_uri,
    keyCount,
    summary: `issuer ${metadata.issuer}; ${keyCount} signing ${keyCount === 1 ? 'key' : 'keys'}; sign-in at ${metadata.authorization_endpoint ?? '(none)'}`,
  };
}
