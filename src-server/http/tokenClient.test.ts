import type Provider from 'oidc-provider';
import { describe, expect, it } from 'vitest';
import { desktopClientId } from '@shared/common/api/controlPlane/basics';
import type { Store } from '../db/openStore';
import { authenticator } from './app';
import { startPageClientId } from '../identity/provider';

/** A provider whose one access token, `t`, was issued to `clientId` for person p1. */
const providerWith = (clientId: string) =>
  ({
    AccessToken: {
      find: (token: string) => Promise.resolve(token === 't' ? { accountId: 'p1', clientId } : undefined),
    },
  }) as unknown as Provider;
const persons = {
  findById: () => Promise.resolve({ id: 'p1', username: 'erin', roles: [], disabled: false }),
} as unknown as Store['persons'];

describe('API bearer tokens', () => {
  it("are the desktop client's only: a token of the /start page's client calls nothing", async () => {
    expect(await authenticator(() => providerWith(desktopClientId), persons)('t', '10.0.0.1')).toMatchObject({
      personId: 'p1',
    });
    expect(await authenticator(() => providerWith(startPageClientId), persons)('t', '10.0.0.1')).toBeNull();
  });
});
