import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followSignIn } from '../../e2e/support/signIn';
import { startSeededServer } from '../http/seededServer.testkit';

/** The `/start` page's own refusals; the whole hand-off through a real sign-in is e2e/requests/startPage.spec.ts. */
describe('the /start page', () => {
  let seeded: Awaited<ReturnType<typeof startSeededServer>>;
  beforeAll(async () => {
    seeded = await startSeededServer('openpsm-start-page-');
  });
  afterAll(async () => seeded.stop());

  const person = crypto.randomUUID();
  const query = `TargetPersonGuid=${person}&AccessRequestPolicyID=${crypto.randomUUID()}&TargetComputerGuid=${crypto.randomUUID()}&IsAdvanceMode=false`;
  const get = (path: string, cookie?: string) =>
    fetch(new URL(path, seeded.server.url), { redirect: 'manual', headers: cookie ? { cookie } : {} });
  const started = async (extra = '') => {
    const res = await get(`/start?${query}${extra}`);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    return { res, cookie, auth: new URL(res.headers.get('location') ?? '', seeded.server.url) };
  };
  const callback = async (params: Record<string, string>, cookie?: string) => {
    const res = await get(`/start/callback?${new URLSearchParams(params).toString()}`, cookie);
    return { status: res.status, text: await res.text() };
  };

  it('sends a good link to the provider with PKCE, keeping the link sealed in an HttpOnly cookie', async () => {
    const { res, cookie, auth } = await started();
    expect(res.status).toBe(303);
    expect(auth.pathname).toBe('/auth');
    expect(auth.searchParams.get('client_id')).toBe('openpsm-start-page');
    expect(auth.searchParams.get('redirect_uri')).toBe(`${seeded.server.url}/start/callback`);
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    expect(auth.searchParams.get('prompt')).toBeNull();
    expect(res.headers.get('set-cookie')).toMatch(/; Path=\/start; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    expect(cookie).not.toContain(person);
  });

  it('asks for the login page again with SignIn=again', async () => {
    expect((await started('&SignIn=again')).auth.searchParams.get('prompt')).toBe('login');
  });

  it('names a bad parameter without sending anyone to sign in', async () => {
    const res = await get(`/start?${query.replace(person, 'nobody')}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('TargetPersonGuid is not a GUID (got &#34;nobody&#34;)');
    const long = await get(`/start?${query}&Note=${'x'.repeat(1500)}`);
    expect(long.status).toBe(400);
    expect(await long.text()).toContain('The start link is too long');
  });

  it('refuses a callback without its cookie, with another state, a tampered cookie or a made-up code', async () => {
    const { cookie, auth } = await started();
    const state = auth.searchParams.get('state') ?? '';
    const refusals = [
      await callback({ state, code: 'x' }),
      await callback({ state: 'other', code: 'x' }, cookie),
      await callback({ state, code: 'x' }, `${cookie.slice(0, -2)}AA`),
      await callback({ state, code: crypto.randomBytes(32).toString('base64url') }, cookie),
    ];
    for (const { status, text } of refusals) {
      expect(status).toBe(400);
      expect(text).toContain('SIGN_IN_FAILED');
    }
  });

  it("signs the link's person in and spends the provider's code: the same callback again is refused", async () => {
    const alice = await seeded.as('alice');
    const people = (await alice('GET', '/api/admin/persons')).body['persons'] as Array<{
      id: string;
      username: string;
    }>;
    const erin = people.find((p) => p.username === 'erin')?.id ?? '';
    const jar = new Map<string, string>();
    const link = `${seeded.server.url}/start?${query.replace(person, erin)}`;
    const stopped = await followSignIn(link, 'erin', seeded.password, `${seeded.server.url}/start/callback`, jar);
    if (!('location' in stopped)) throw new Error(stopped.refused);
    const cookie = `openpsm_start=${jar.get('openpsm_start') ?? ''}`;
    const first = await get(stopped.location, cookie);
    // Erin is the link's person; the made-up policy is not one of hers.
    expect(first.status).toBe(403);
    expect(await first.text()).toContain('RESOURCE_NOT_ALLOWED');
    const again = await get(stopped.location, cookie);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('SIGN_IN_FAILED');
  });
});
