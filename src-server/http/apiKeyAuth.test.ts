import { describe, expect, it } from 'vitest';
import { apiKeyMayCall, controlPlaneRoutes, isAdminPath } from '@shared/common/api/controlPlane';
import { OpenPsmError } from '@shared/common/errors';
import type { PersonRecord } from '../db/persons';
import type { Store } from '../db/openStore';
import { RequestRate } from '../limits/requestRate';
import { withApiKeys } from './app';

const goodKey = `opsm_${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}_${'a'.repeat(43)}`;
const account: PersonRecord = {
  id: 'p1',
  username: 'ci-bot',
  displayName: 'CI',
  roles: ['auditor'],
  disabled: false,
  passwordHash: '!',
  source: 'service',
  ...{ email: null, department: null, location: null, costCenter: null, managerId: null },
  revision: 1,
  deletedAt: null,
};

function authenticate(person: PersonRecord = account) {
  const rate = new RequestRate(60, 2);
  const apiKeys = {
    check: (token: string) =>
      Promise.resolve(token === goodKey ? { keyId: 'k', personId: 'p1', roles: ['administrator', 'auditor'] } : null),
  } as unknown as Store['apiKeys'];
  const persons = { findById: () => Promise.resolve(person) } as unknown as Store['persons'];
  const signIns = (token: string) =>
    Promise.resolve(token === 'signed-in' ? { personId: 'p2', username: 'alice', roles: [] } : null);
  const guards = { wrongKey: (a: string) => rate.take(a), keyWait: (a: string) => rate.waiting(a) };
  return withApiKeys(signIns, { apiKeys, persons, guards });
}

describe('API keys as bearers', () => {
  it('may call administration and audit routes only: never a session, live, vault or recording route', () => {
    for (const spec of controlPlaneRoutes) expect(apiKeyMayCall(spec)).toBe(isAdminPath(spec.path));
    const allowed = controlPlaneRoutes.filter((spec) => apiKeyMayCall(spec)).map((spec) => spec.path);
    expect(
      allowed.filter((p) => /\/(sessions|live|vault|recordings)(\/|$)/.test(p) && !p.startsWith('/api/admin/')),
    ).toEqual([]);
    expect(allowed).toContain('/api/audit');
  });

  it("acts as the service account with the key's roles it still holds, marked as a key; sign-ins pass through", async () => {
    const auth = authenticate();
    expect(await auth(goodKey, '10.0.0.1')).toEqual({
      personId: 'p1',
      username: 'ci-bot',
      roles: ['auditor'],
      viaApiKey: true,
    });
    expect(await auth('signed-in', '10.0.0.1')).toMatchObject({ username: 'alice' });
    expect(await authenticate({ ...account, disabled: true })(goodKey, '10.0.0.1')).toBeNull();
    expect(await authenticate({ ...account, source: 'local' })(goodKey, '10.0.0.1')).toBeNull();
  });

  it("counts wrong keys against the address's request rate; once spent, even a right key waits there", async () => {
    const auth = authenticate();
    const wrong = goodKey.replace(/a$/, 'b');
    expect(await auth(wrong, '10.0.0.9')).toBeNull();
    expect(await auth(wrong, '10.0.0.9')).toBeNull();
    await expect(auth(wrong, '10.0.0.9')).rejects.toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    await expect(auth(goodKey, '10.0.0.9')).rejects.toBeInstanceOf(OpenPsmError);
    expect(await auth(goodKey, '10.0.0.10')).toMatchObject({ viaApiKey: true });
  });
});
