import { describe, expect, it } from 'vitest';
import {
  federationBody,
  federationDraftOf,
  federationProblem,
  ldapBody,
  ldapDraftOf,
  ldapProblem,
  ldapTestBody,
} from './signInDraft';

const ldapView = { config: null, hasBindPassword: false, warning: null };

describe('the Sign-in forms', () => {
  it('sends the LDAP form as the API body: empty optional fields as null, the timeout as a number', () => {
    const draft = {
      ...ldapDraftOf(ldapView),
      url: 'ldap://127.0.0.1:389',
      security: 'plain' as const,
      baseDn: 'dc=example,dc=com',
      timeoutMs: ' 3000 ',
    };
    expect(ldapBody(draft)).toEqual({
      config: {
        enabled: false,
        url: 'ldap://127.0.0.1:389',
        security: 'plain',
        caPem: null,
        baseDn: 'dc=example,dc=com',
        userFilter: '(&(objectClass=inetOrgPerson)(uid={username}))',
        bindDn: null,
        groupRoles: [],
        timeoutMs: 3000,
      },
      bindPassword: null,
    });
    expect(ldapProblem(draft)).toBeNull();
    expect(ldapTestBody({ ...draft, testUser: 'jdoe' })).not.toHaveProperty('password');
    expect(ldapTestBody({ ...draft, testUser: 'jdoe', testPassword: 'pw' })).toMatchObject({
      username: 'jdoe',
      password: 'pw',
    });
  });

  it('names each bad field by its path before sending', () => {
    const problem = ldapProblem({ ...ldapDraftOf(ldapView), url: 'ldap://dc1:389', timeoutMs: 'soon' });
    expect(problem?.fields).toMatchObject({
      'config.baseDn': 'is required',
      'config.timeoutMs': expect.any(String),
    });
    const federation = federationDraftOf({ config: null, hasClientSecret: false, redirectUri: 'x' });
    expect(federationProblem({ ...federation, name: '', issuerUrl: 'ftp://x', clientId: 'c' })?.fields).toMatchObject({
      'config.name': 'is required',
      'config.issuerUrl': 'must be an http:// or https:// URL',
    });
    expect(federationBody({ ...federation, groupsClaim: ' ', clientSecret: 's' })).toMatchObject({
      config: { groupsClaim: null },
      clientSecret: 's',
    });
  });
});
