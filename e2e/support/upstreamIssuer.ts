import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { tempDataDir } from './processes';
import { writeSelfSigned } from './selfSigned';

/** The external issuer's people, by login: their claims (missing ones stay missing). */
const accounts: Record<string, Record<string, unknown>> = {
  fiona: { email: 'fiona@corp.test', email_verified: true, name: 'Fiona Federated', groups: ['psm-auditors', 'staff'] },
  'no-email': { name: 'Nora Noclaim', groups: ['staff'] },
  ursula: { email: 'ursula@corp.test', email_verified: false, name: 'Ursula Unverified', groups: ['staff'] },
  shadow: { email: 'shadow@corp.test', email_verified: true, name: 'Sam Shadow', groups: ['staff'] },
};

/** What userinfo says differently from the ID token: shadow's userinfo claims fiona's address. */
const userinfoOverrides: Record<string, Record<string, unknown>> = {
  shadow: { email: 'fiona@corp.test', name: 'Fiona Federated', groups: ['psm-auditors'] },
};

export const upstreamClient = { id: 'openpsm-server', secret: 'upstream-Client-Secret-1' };

/**
 * A second oidc-provider acting as an organization's identity provider, on 127.0.0.1
 * (https with a self-signed certificate when asked). Its login page takes a username only.
 */
export async function startUpstreamIssuer(
  redirectUri: string,
  options: { tls?: boolean } = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const handler: http.RequestListener = (req, res) => void route(req, res);
  let server: http.Server | https.Server;
  if (options.tls) {
    const dir = tempDataDir();
    const pems = writeSelfSigned(dir);
    server = https.createServer({ key: fs.readFileSync(pems.key), cert: fs.readFileSync(pems.cert) }, handler);
  } else server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(url, {
    clients: [
      {
        client_id: upstreamClient.id,
        client_secret: upstreamClient.secret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    scopes: ['openid', 'profile', 'email', 'groups'],
    claims: { profile: ['name'], email: ['email', 'email_verified'], groups: ['groups'] },
    // The ID token carries the scopes' claims too, so that it and userinfo can disagree.
    conformIdTokenClaims: false,
    findAccount: (_ctx, id) =>
      accounts[id]
        ? {
            accountId: id,
            claims: (use: string) => ({
              sub: id,
              ...accounts[id],
              ...(use === 'userinfo' ? userinfoOverrides[id] : {}),
            }),
          }
        : undefined,
    interactions: { url: (_ctx, interaction) => `/login/${interaction.uid}` },
    features: { devInteractions: { enabled: false } },
    cookies: { keys: ['upstream-cookie-key-for-tests'] },
  });
  async function route(req: http.IncomingMessage, res: http.ServerResponse) {
    if (!req.url?.startsWith('/login/')) return provider.callback()(req, res);
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'GET' && details.prompt.name === 'login') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        `<!doctype html><title>Corp IdP</title><h1>Corp identity provider</h1><form method="post"><label for="u">Corp username</label><input id="u" name="username"><button type="submit">Continue to OpenPSM</button></form>`,
      );
      return;
    }
    if (details.prompt.name === 'login') {
      const body = await new Promise<string>((resolve) => {
        let text = '';
        req.on('data', (c: Buffer) => (text += c.toString()));
        req.on('end', () => resolve(text));
      });
      const username = new URLSearchParams(body).get('username') ?? '';
      return provider.interactionFinished(
        req,
        res,
        { login: { accountId: username } },
        { mergeWithLastSubmission: false },
      );
    }
    const grant = new provider.Grant({ accountId: details.session?.accountId as string, clientId: upstreamClient.id });
    grant.addOIDCScope('openid profile email groups');
    return provider.interactionFinished(
      req,
      res,
      { consent: { grantId: await grant.save() } },
      { mergeWithLastSubmission: true },
    );
  }
  return { url, close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) };
}
