import * as oidc from 'openid-client';

/**
 * Plays the browser's part of a sign-in without a browser: opens the authorization URL,
 * posts the built-in login form, follows redirects with cookies, and stops at the first
 * redirect to `stopAt` (not fetched) or anywhere off the server (fetched: a loopback
 * callback). Returns where it stopped, or the login page's error text. Calls given one `jar`
 * share their cookies, as sign-ins through one browser do.
 */
export async function followSignIn(
  authorizationUrl: string,
  username: string,
  password: string,
  stopAt?: string,
  jar = new Map<string, string>(),
): Promise<{ location: string; page: string } | { refused: string }> {
  const server = new URL(authorizationUrl).origin;
  let next = authorizationUrl;
  let loggedIn = false;
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  for (let hop = 0; hop < 12; hop += 1) {
    if (stopAt && next.startsWith(stopAt)) return { location: next, page: '' };
    const url = new URL(next);
    if (url.origin !== server) {
      const res = await fetch(url);
      return { location: next, page: await res.text() };
    }
    const isLogin: boolean = /\/interaction\/[^/]+$/.test(url.pathname) && !loggedIn;
    loggedIn ||= isLogin;
    const res = isLogin
      ? await fetch(`${url.href}/login`, {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ username, password }),
        })
      : await fetch(url, { redirect: 'manual', headers: { cookie: cookie() } });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const location = res.headers.get('location');
    if (!location) {
      const page = await res.text();
      return { refused: /role="alert">([^<]*)</.exec(page)?.[1] ?? `HTTP ${res.status}` };
    }
    next = new URL(location, url).href;
  }
  throw new Error('Sign-in did not finish within 12 redirects');
}

/** A whole sign-in for tests that need tokens: PKCE, the login form, the code exchange. */
export async function signInHeadless(
  serverUrl: string,
  username: string,
  password: string,
  jar?: Map<string, string>,
): Promise<{ tokens: oidc.TokenEndpointResponse; config: oidc.Configuration } | { refused: string }> {
  const config = await oidc.discovery(new URL(serverUrl), 'openpsm-desktop', undefined, oidc.None(), {
    execute: [oidc.allowInsecureRequests],
  });
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const redirectUri = 'http://127.0.0.1:9/callback';
  const authorizationUrl = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid profile offline_access',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    prompt: 'login',
  });
  const result = await followSignIn(authorizationUrl.href, username, password, redirectUri, jar);
  if ('refused' in result) return result;
  return {
    tokens: await oidc.authorizationCodeGrant(config, new URL(result.location), {
      pkceCodeVerifier: verifier,
      expectedState: state,
    }),
    config,
  };
}
