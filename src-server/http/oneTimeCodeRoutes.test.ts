import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInHeadless } from '../../e2e/support/signIn';
import { startSeededServer } from './seededServer.testkit';

let lab: Awaited<ReturnType<typeof startSeededServer>>;
beforeAll(async () => {
  lab = await startSeededServer('openpsm-code-routes-');
}, 60_000);
afterAll(() => lab?.stop());

const newPassword = 'Fresh-Password-2026';

/** Sets a password with a code on the public route (no token). */
async function redeem(body: Record<string, string>) {
  const res = await fetch(new URL('/api/sign-in/one-time-code', lab.server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('one-time codes', () => {
  it('a person created to set their password at first sign-in does so once with the code, then signs in', async () => {
    const alice = await lab.as('alice');
    const created = await alice('POST', '/api/admin/persons', {
      username: 'nina',
      displayName: 'Nina North',
      passwordMode: 'oneTimeCode',
    });
    expect(created.status).toBe(201);
    const { code, expiresAt } = created.body['oneTimeCode'] as { code: string; expiresAt: string };
    expect(code).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(71 * 3600 * 1000);
    expect('refused' in (await signInHeadless(lab.server.url, 'nina', '!'))).toBe(true);

    const wrong = await redeem({
      username: 'nina',
      code: 'AAAA-BBBB-CCCC-DDDD',
      newPassword,
      repeatPassword: newPassword,
    });
    expect(wrong).toMatchObject({ status: 401, body: { code: 'ONE_TIME_CODE_INVALID' } });
    const differ = await redeem({ username: 'nina', code, newPassword, repeatPassword: `${newPassword}x` });
    expect(differ).toMatchObject({ status: 400, body: { code: 'NEW_PASSWORDS_DIFFER' } });
    expect(differ.body['fields']).toEqual([{ path: 'repeatPassword', message: 'differs from the new password' }]);
    const weak = await redeem({
      username: 'nina',
      code,
      newPassword: 'nina-nina-nina-1A',
      repeatPassword: 'nina-nina-nina-1A',
    });
    expect(weak).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
    expect(JSON.stringify(weak.body['fields'])).toContain('newPassword');

    expect(
      await redeem({ username: 'nina', code: code.toLowerCase(), newPassword, repeatPassword: newPassword }),
    ).toEqual({
      status: 200,
      body: { ok: true },
    });
    expect('tokens' in (await signInHeadless(lab.server.url, 'nina', newPassword))).toBe(true);
    const again = await redeem({
      username: 'nina',
      code,
      newPassword: 'Other-Password-2026',
      repeatPassword: 'Other-Password-2026',
    });
    expect(again.body['code']).toBe('ONE_TIME_CODE_INVALID');

    const audit = JSON.stringify((await alice('GET', '/api/audit')).body);
    expect(audit).toContain('person.password_set_with_code');
    expect(audit).not.toContain(code);
  });

  it('an administrator makes a new code for a local person (earlier ones stop), never for a service account', async () => {
    const alice = await lab.as('alice');
    const created = await alice('POST', '/api/admin/persons', {
      username: 'omar',
      displayName: 'Omar',
      passwordMode: 'oneTimeCode',
    });
    const id = String(created.body['id']);
    const first = (created.body['oneTimeCode'] as { code: string }).code;
    const made = await alice('POST', `/api/admin/persons/${id}/one-time-code`);
    expect(made.status).toBe(200);
    const second = String(made.body['code']);
    expect(second).not.toBe(first);
    expect((await redeem({ username: 'omar', code: first, newPassword, repeatPassword: newPassword })).status).toBe(
      401,
    );
    expect((await redeem({ username: 'omar', code: second, newPassword, repeatPassword: newPassword })).status).toBe(
      200,
    );
    expect((await (await lab.as('bob'))('POST', `/api/admin/persons/${id}/one-time-code`)).status).toBe(403);

    const service = await alice('POST', '/api/admin/persons', { username: 'bot', displayName: 'Bot', kind: 'service' });
    const refused = await alice('POST', `/api/admin/persons/${String(service.body['id'])}/one-time-code`);
    expect(refused.status).toBe(400);
    const both = await alice('POST', '/api/admin/persons', {
      username: 'pia',
      displayName: 'Pia',
      passwordMode: 'oneTimeCode',
      password: newPassword,
    });
    expect(both.status).toBe(400);
    expect(JSON.stringify(both.body['fields'])).toContain('password');
  });

  it('counts wrong codes against the same throttle as wrong passwords: past it, neither the code nor the password works', async () => {
    const alice = await lab.as('alice');
    const { persons } = (await alice('GET', '/api/admin/persons?query=dave')).body as {
      persons: Array<{ id: string }>;
    };
    const made = await alice('POST', `/api/admin/persons/${persons[0]?.id ?? ''}/one-time-code`);
    const code = String(made.body['code']);
    const answers = [];
    for (let i = 0; i < 6; i += 1)
      answers.push(
        (
          await redeem({
            username: 'dave',
            code: `WRNG-AAAA-BBBB-CC${'ABCDEF'[i]}D`,
            newPassword,
            repeatPassword: newPassword,
          })
        ).body['code'],
      );
    expect(answers.slice(0, 5)).toEqual(Array(5).fill('ONE_TIME_CODE_INVALID'));
    expect(answers[5]).toBe('TOO_MANY_ATTEMPTS');
    const right = await redeem({ username: 'dave', code, newPassword, repeatPassword: newPassword });
    expect(right).toMatchObject({ status: 429, body: { code: 'TOO_MANY_ATTEMPTS' } });
    expect(String(right.body['message'])).toMatch(/Too many wrong codes for this account/);
    const signIn = await signInHeadless(lab.server.url, 'dave', 'whatever-it-is');
    expect(signIn).toEqual({ refused: expect.stringMatching(/^Too many wrong passwords/) as unknown });
  });
});
