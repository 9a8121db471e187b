import * as oidc from 'openid-client';

/**
 * Signs in to a running control plane the way a browser would (authorization code +
 * PKCE through the built-in login page), without a browser. For tests that need tokens.
 * Returns the tokens, or the login page's error text when the server refuses.
 */
export async function signInHeadless(serverUrl: string, username: string, password: string): Promise<{ tokens: oidc.TokenEndpointResponse; config: oidc.Configuration } | { refused: string }> {
  const config = await oidc.discovery(new URL(serverUrl), 'openpsm-desktop', undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const redirectUri = 'http://127.0.0.1:9/callback';
  let next = oidc.buildAuthorizationUrl(config, { redirect_uri: redirectUri, scope: 'openid profile offline_access', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', state }).href;
  const jar = new Map<string, string>();
  const remember = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  for (let hop = 0; hop < 10; hop += 1) {
    if (next.startsWith(redirectUri)) {
      const tokens = await oidc.authorizationCodeGrant(config, new URL(next), { pkceCodeVerifier: verifier, expectedState: state });
      return { tokens, config };
    }
    const url = new URL(next, serverUrl);
    const isLogin = /\/interaction\/[^/]+$/.test(url.pathname) && !jar.has('_session');
    const res = isLogin
      ? await fetch(`${url.href}/login`, { method: 'POST', redirect: 'manual', headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ username, password }) })
      : await fetch(url, { redirect: 'manual', headers: { cookie: cookie() } });
    remember(res);
    const location = res.headers.get('location');
    if (!location) {
      const page = await res.text();
      return { refused: /role="alert">([^<]*)</.exec(page)?.[1] ?? `HTTP ${res.status}` };
    }
    next = new URL(location, url).href;
  }
  throw new Error('Sign-in did not finish within 10 redirects');
}
