import { describe, expect, it } from 'vitest';
import type { ResourceGroup } from '@shared/common/api/controlPlane/resources';
import type { PersonalCredential } from '@shared/common/api/vault';
import { personalOneClick } from './personalOneClick';

const computerId = '00000000-0000-4000-8000-000000000001';
const otherId = '00000000-0000-4000-8000-000000000002';
const computer: ResourceGroup['computers'][number] = {
  computerId,
  name: 'db-1',
  protocol: 'ssh',
  host: '10.0.0.1',
  port: 22,
  blockedReason: null,
  connectProblem: 'CONNECT_NEEDS_CHOICE',
  jitEnabled: false,
};
const group: ResourceGroup = {
  policyId: '00000000-0000-4000-8000-0000000000aa',
  policyName: 'Personal only',
  credentialKinds: ['personal'],
  mfaRequired: false,
  accessLevels: [],
  hasAccessLevels: false,
  authorization: null,
  computers: [computer],
};
const credential = (id: string, forId: string): PersonalCredential => ({
  id,
  name: id,
  username: 'ops',
  kind: 'password',
  computers: [{ id: forId, name: 'x' }],
  updatedAt: '2026-01-01T00:00:00Z',
});

describe('personalOneClick', () => {
  it('picks the one vault credential that fits a personal-only policy', () => {
    expect(personalOneClick(group, computer, [credential('a', computerId), credential('b', otherId)])).toBe('a');
  });
  it('gives none with two fitting credentials, none fitting, or a locked vault', () => {
    expect(personalOneClick(group, computer, [credential('a', computerId), credential('b', computerId)])).toBeNull();
    expect(personalOneClick(group, computer, [credential('b', otherId)])).toBeNull();
    expect(personalOneClick(group, computer, null)).toBeNull();
  });
  it('gives none when the policy asks something else (MFA, other kinds, a level to choose or approve)', () => {
    const one = [credential('a', computerId)];
    expect(personalOneClick({ ...group, mfaRequired: true }, computer, one)).toBeNull();
    expect(personalOneClick({ ...group, credentialKinds: ['personal', 'jit'] }, computer, one)).toBeNull();
    const level = { id: otherId, name: 'Root', preApproval: true, approved: false, expired: false };
    expect(personalOneClick({ ...group, hasAccessLevels: true, accessLevels: [level] }, computer, one)).toBeNull();
    expect(
      personalOneClick(
        { ...group, hasAccessLevels: true, accessLevels: [{ ...level, approved: true }] },
        computer,
        one,
      ),
    ).toBe('a');
  });
  it('leaves a computer that already connects in one click alone', () => {
    expect(personalOneClick(group, { ...computer, connectProblem: null }, [credential('a', computerId)])).toBeNull();
  });
});
