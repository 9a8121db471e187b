import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { PersonRepository } from '../db/persons';
import type { ServerStateRepository } from '../db/serverState';
import { createLogger } from '@shared/node/logger';
import { handleSetup, Setup } from './setupPage';

/** A Setup over fakes: no administrator yet, password rules as stored in `rules`. */
function setupWith(rules?: unknown) {
  const created: string[] = [];
  const persons = {
    countAdministrators: () => Promise.resolve(created.length),
    create: (p: { username: string }) => (
      created.push(p.username),
      Promise.resolve({ id: 'p1', username: p.username })
    ),
  } as unknown as PersonRepository;
  const state = {
    getSetting: <T>(key: string, fallback: T) =>
      Promise.resolve(key === 'passwordRules' && rules ? (rules as T) : fallback),
    audit: () => Promise.resolve(),
  } as unknown as ServerStateRepository;
  const setup = new Setup({ persons, state, log: createLogger({ name: 't', sink: () => undefined }) });
  return { setup, created, persons };
}

/** Posts the setup page's form to a server that serves only /setup; answers the page's HTML. */
async function postForm(fields: Record<string, string>, rules?: unknown): Promise<{ status: number; html: string }> {
  const { setup, persons } = setupWith(rules);
  await setup.prepare();
  const server = http.createServer((req, res) => void handleSetup(setup, persons, req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields),
    });
    return { status: res.status, html: await res.text() };
  } finally {
    server.close();
  }
}

describe('first setup under the password rules', () => {
  it('refuses a password that breaks a rule, naming it on the password field, and creates nobody', async () => {
    const { setup, created } = setupWith();
    const code = (await setup.prepare()) as string;
    const [weak, strong] = ['rita-Password-1', 'first-Admin-Pass-1'];
    const answer = await setup.complete({ code, username: 'rita', displayName: 'Rita', password: weak });
    expect(answer).toEqual({
      status: 400,
      code: 'BAD_REQUEST',
      message: 'Password must not contain the username.',
      fields: [{ path: 'password', message: 'Password must not contain the username.' }],
    });
    expect(created).toEqual([]);
    expect(await setup.complete({ code, username: 'rita', displayName: 'Rita', password: strong })).toEqual({
      ok: true,
    });
    expect(created).toEqual(['rita']);
  });

  it('states the rules in force as the form hint', async () => {
    expect(await setupWith({ minLength: 20 }).setup.passwordHint()).toEqual({
      text: 'at least 20 characters, mixing 3 of: lower case, upper case, digits, symbols, not containing the username',
      minLength: 20,
    });
  });

  it('shows a refusal on the page and keeps what was typed there, except the password', async () => {
    const typed = { code: 'AAAA-BBBB-CCCC', username: 'rita', displayName: 'Rita "R" Root' };
    const { status, html } = await postForm({ ...typed, password: 'short', repeatPassword: 'short' });
    expect(status).toBe(400);
    expect(html).toContain('role="alert">password: must be at least 8 characters</p>');
    expect(html).toContain('name="username" value="rita"');
    expect(html).toContain('name="displayName" value="Rita &#34;R&#34; Root"');
    expect(html).not.toContain('value="short"');
    expect(html).toContain('The password rules: at least 12 characters');
  });

  it('asks for the password twice: two different ones are refused with NEW_PASSWORDS_DIFFER, and nobody is made', async () => {
    const typed = { code: 'AAAA-BBBB-CCCC', username: 'rita', displayName: 'Rita Root' };
    const { status, html } = await postForm({
      ...typed,
      password: 'first-Admin-Pass-1',
      repeatPassword: 'first-Admin-Pass-2',
    });
    expect(status).toBe(400);
    expect(html).toContain('role="alert">The two new passwords differ. Type the same new password twice.</p>');
    expect(html).toContain(
      'id="repeatPassword" name="repeatPassword" type="password" autocomplete="new-password" required aria-invalid="true"',
    );
    expect(html).toContain('name="username" value="rita"');
    expect(html).not.toContain('first-Admin-Pass');
    // A form without the second password is refused the same way.
    expect((await postForm({ ...typed, password: 'first-Admin-Pass-1' })).html).toContain('passwords differ');
  });

  it('serves the page with the shared stylesheet, a main landmark and one heading, and no inline style', async () => {
    const { setup, persons } = setupWith();
    const server = http.createServer((req, res) => void handleSetup(setup, persons, req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/setup`);
      const html = await res.text();
      expect(html).toContain('<link rel="stylesheet" href="/pages.css">');
      expect(html).toMatch(/<main><h1>Set up OpenPSM<\/h1>/);
      expect(html).not.toMatch(/style=/);
      expect(res.headers.get('content-security-policy')).toContain("style-src 'self';");
    } finally {
      server.close();
    }
  });
});
