import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OidcFederationConfig } from '@shared/common/api/controlPlane/federation';
import { startUpstreamIssuer } from '../../e2e/support/upstreamIssuer';
import { testIssuer } from './oidcTest';

type Issuer = { url: string; close(): Promise<void> };
let issuer: Issuer;
let tlsIssuer: Issuer;
/** An issuer whose discovery document is right but whose key set answers 500. */
let keyless: http.Server;
let keylessUrl: string;

beforeAll(async () => {
  issuer = await startUpstreamIssuer('http://127.0.0.1:1/federation/callback');
  tlsIssuer = await startUpstreamIssuer('http://127.0.0.1:1/federation/callback', { tls: true });
  keyless = http.createServer((req, res) => {
    if (req.url === '/.well-known/openid-configuration') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          issuer: keylessUrl,
          authorization_endpoint: `${keylessUrl}/auth`,
          jwks_uri: `${keylessUrl}/jwks`,
        }),
      );
    } else res.writeHead(500).end('broken');
  });
  await new Promise<void>((r) => keyless.listen(0, '127.0.0.1', r));
  keylessUrl = `http://127.0.0.1:${(keyless.address() as AddressInfo).port}`;
}, 30_000);
afterAll(async () => {
  await issuer?.close();
  await tlsIssuer?.close();
  keyless?.close();
});

const settings = (issuerUrl: string): OidcFederationConfig => ({
  enabled: true,
  name: 'Corp SSO',
  issuerUrl,
  clientId: 'openpsm-server',
  searchClaim: 'email',
  groupsClaim: 'groups',
  groupRoles: [],
  allowSelfSignedTls: false,
  timeoutMs: 2000,
});

const failed = (promise: Promise<unknown>) =>
  promise.then(
    () => ({ code: 'none', message: '' }),
    (error: { code: string; message: string }) => ({ code: error.code, message: error.message }),
  );

describe('the federation settings test against a local issuer', () => {
  it('reads the discovery document and counts the signing keys', async () => {
    const found = await testIssuer(settings(issuer.url));
    expect(found).toMatchObject({
      ok: true,
      issuer: issuer.url,
      authorizationEndpoint: `${issuer.url}/auth`,
      jwksUri: `${issuer.url}/jwks`,
    });
    expect(found.keyCount).toBeGreaterThan(0);
    expect(found.summary).toContain(`issuer ${issuer.url}; ${found.keyCount} signing key`);
  });

  it('names the step that failed: discovery (unreachable, untrusted certificate) or keys', async () => {
    const unreachable = await failed(testIssuer(settings('http://127.0.0.1:9')));
    expect(unreachable).toMatchObject({ code: 'OIDC_TEST_FAILED' });
    expect(unreachable.message).toContain('Identity provider test failed at discovery (http://127.0.0.1:9)');
    const untrusted = await failed(testIssuer(settings(tlsIssuer.url)));
    expect(untrusted.message).toContain('at discovery');
    expect(untrusted.message).toContain('certificate is not trusted');
    expect(await testIssuer({ ...settings(tlsIssuer.url), allowSelfSignedTls: true })).toMatchObject({ ok: true });
    const keys = await failed(testIssuer(settings(keylessUrl)));
    expect(keys.message).toBe(
      `Identity provider test failed at keys (${keylessUrl}): ${keylessUrl}/jwks answered HTTP 500`,
    );
  });
});
