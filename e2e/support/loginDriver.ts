import crypto from 'node:crypto';

/** An authorization request of the desktop client, as the app opens it: the login page. */
export function loginPageUrl(serverUrl: string): string {
  const query = new URLSearchParams({
    client_id: 'openpsm-desktop',
    redirect_uri: 'http://127.0.0.1:9/callback',
    response_type: 'code',
    scope: 'openid profile offline_access',
    prompt: 'login',
    code_challenge: crypto.randomBytes(32).toString('base64url'),
    code_challenge_method: 'S256',
    state: 'x',
  });
  return `${serverUrl}/auth?${query}`;
}

/** One answer of the login pages: status, Retry-After, the alert text, and where it redirects. */
export interface LoginAnswer {
  status: number;
  retryAfter: string | null;
  alert: string | null;
  location: string | null;
  page: string;
}

/**
 * Drives the built-in login pages over HTTP, as a browser would, with extra headers on every
 * request (e.g. `X-Forwarded-For` behind a trusted proxy): opens an authorization request,
 * then posts the password form and the TOTP form of that one interaction.
 */
export async function openLogin(serverUrl: string, headers: Record<string, string> = {}) {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const request = async (url: string, init: RequestInit = {}): Promise<LoginAnswer> => {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...headers, cookie: cookie(), ...(init.headers as Record<string, string>) },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    }
    const page = await res.text();
    return {
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      alert: /role="alert">([^<]*)</.exec(page)?.[1] ?? null,
      location: res.headers.get('location'),
      page,
    };
  };
  const started = await request(loginPageUrl(serverUrl));
  if (!started.location) throw new Error(`The authorization request was answered ${started.status}`);
  const interaction = new URL(started.location, serverUrl).href;
  const form = (body: Record<string, string>) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body),
  });
  return {
    /** Posts the password form. */
    password: (username: string, password: string) => request(`${interaction}/login`, form({ username, password })),
    /** Posts the TOTP form (after a right password for an enrolled person). */
    totp: (code: string) => request(`${interaction}/totp`, form({ code })),
  };
}
