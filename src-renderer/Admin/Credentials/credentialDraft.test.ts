import { describe, expect, it } from 'vitest';
import { credentialErrors, emptyCredential, credentialRefusalErrors, secretBody } from './credentialDraft';

describe('a credential form', () => {
  it('names each bad field: a username too long, an empty secret, a key that is not one', () => {
    expect(credentialErrors({ ...emptyCredential, username: 'x'.repeat(257) }, true)).toEqual({
      username: 'Username is too long (at most 256 characters).',
      secret: 'Password is required.',
    });
    expect(credentialErrors({ ...emptyCredential, kind: 'key', secret: 'Unit-Key-Text-3' }, false)).toEqual({
      secret: 'Private key must be a private key (-----BEGIN … PRIVATE KEY-----).',
    });
    expect(credentialErrors({ ...emptyCredential, username: 'root', secret: 's' }, true)).toEqual({});
  });

  it('sends a passphrase only with a key, and shows a refusal at its field', () => {
    expect(secretBody({ ...emptyCredential, secret: 's', passphrase: 'p' })).toEqual({ secret: 's' });
    expect(secretBody({ ...emptyCredential, kind: 'key', secret: 'k', passphrase: 'p' })).toEqual({
      secret: 'k',
      passphrase: 'p',
    });
    const refusal = { code: 'BAD_REQUEST', message: 'bad', fields: { username: 'must be at most 256 characters' } };
    expect(credentialRefusalErrors(refusal, 'password')).toEqual({
      username: 'Username must be at most 256 characters.',
    });
  });
});
