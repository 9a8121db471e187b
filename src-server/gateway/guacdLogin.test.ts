import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TicketClaims } from '@shared/node/tickets/gatewayTicket';
import type { CurrentSharedCredential } from '../db/credentials';
import { guacdLogin } from './guacdLogin';

const claims: TicketClaims = {
  v: 1,
  jti: crypto.randomUUID(),
  kind: 'connect',
  personId: crypto.randomUUID(),
  policyId: crypto.randomUUID(),
  computerId: crypto.randomUUID(),
  accessLevelId: null,
  credential: { kind: 'shared' },
  iat: 0,
  exp: 1,
};

const loginWith = (current: CurrentSharedCredential | undefined) =>
  guacdLogin(
    {
      credentials: { current: () => Promise.resolve(current) },
      jitAccounts: { open: () => Promise.reject(new Error('no JIT')), close: () => Promise.resolve(true) },
    },
    claims,
    crypto.randomUUID(),
    'erin',
  );

describe("the gateway's shared login", () => {
  it('hands guacd the current version of a password, and names that version for the session record', async () => {
    const login = await loginWith({
      id: 'c1',
      username: 'root',
      kind: 'password',
      version: 3,
      secret: 'Pw-3',
      passphrase: null,
    });
    expect(login.values).toEqual({ username: 'root', password: 'Pw-3' });
    expect(login.shared).toEqual({ credentialId: 'c1', version: 3 });
  });

  // A made-up key body (the secret scan allows it in tests).
  const unitKey = 'KeyBody-Zq9';
  it('hands guacd a private key with its passphrase, and refuses NO_SHARED_CREDENTIAL when there is none', async () => {
    const login = await loginWith({
      id: 'c2',
      username: 'deploy',
      kind: 'key',
      version: 1,
      secret: unitKey,
      passphrase: 'Phrase',
    });
    expect(login.values).toEqual({
      username: 'deploy',
      'private-key': unitKey,
      passphrase: 'Phrase',
    });
    expect(login.credentials).toEqual({ username: 'deploy' });
    await expect(loginWith(undefined)).rejects.toMatchObject({ code: 'NO_SHARED_CREDENTIAL' });
  });

  it("logs in as the access level's target account: asks for that username's credential, TARGET_ACCOUNT_MISSING without one", async () => {
    const asked: Array<string | null | undefined> = [];
    const credentials = {
      current: (_computer: string, username?: string | null) => {
        asked.push(username);
        return Promise.resolve(
          username === 'svc-ro'
            ? { id: 'c3', username, kind: 'password' as const, version: 2, secret: 'Ro-2', passphrase: null }
            : undefined,
        );
      },
    };
    const jitAccounts = { open: () => Promise.reject(new Error('no JIT')), close: () => Promise.resolve(true) };
    const login = await guacdLogin({ credentials, jitAccounts }, claims, crypto.randomUUID(), 'erin', 'svc-ro');
    expect(login.values).toEqual({ username: 'svc-ro', password: 'Ro-2' });
    expect(login.shared).toEqual({ credentialId: 'c3', version: 2 });
    await expect(
      guacdLogin({ credentials, jitAccounts }, claims, crypto.randomUUID(), 'erin', 'root'),
    ).rejects.toMatchObject({ code: 'TARGET_ACCOUNT_MISSING' });
    expect(asked).toEqual(['svc-ro', 'root']);
  });
});
