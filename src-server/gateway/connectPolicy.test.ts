import { describe, expect, it } from 'vitest';
import { OpenPsmError } from '@shared/common/errors';
import { httpStatus } from '@shared/node/transport/errorStatus';
import { defaultConnectProblem } from '../db/myResources';
import { chooseLevel } from './connectPolicy';

const level = (
  name: string,
  over: { offered?: boolean; preApproval?: boolean; approved?: boolean; expired?: boolean } = {},
) => ({
  id: `00000000-0000-4000-8000-00000000000${name.length}`,
  name,
  preApproval: false,
  approved: false,
  expired: false,
  offered: true,
  approvedUntil: null,
  grantId: null,
  grantOnly: false,
  requestId: null,
  ...over,
});
const refusal = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    // The status the API answers the refusal with comes from the one table.
    if (!(error instanceof OpenPsmError)) throw error;
    return { code: error.code, status: httpStatus(error.code) };
  }
  return null;
};

describe('access levels', () => {
  const op = level('Op');
  const root = level('Root', { preApproval: true });
  const night = level('Night', { offered: false });

  it.each([
    ['no levels, none chosen', [], null, null],
    ['the only offered level, none chosen', [op, night], null, 'Op'],
    ['a chosen offered level', [op, root], op.id, 'Op'],
    ['a pre-approval level once approved', [{ ...root, approved: true }], root.id, 'Root'],
  ])('take %s', (_, levels, chosen, name) => {
    expect(chooseLevel(levels, chosen)?.name ?? null).toBe(name);
  });

  it.each([
    ['a level on a policy without levels', [], op.id, 'ACCESS_LEVEL_NOT_ASSIGNED', 403],
    ['a level of the policy my groups do not carry', [op, night], night.id, 'ACCESS_LEVEL_NOT_ASSIGNED', 403],
    ['an unknown level', [op], '00000000-0000-4000-8000-0000000000ff', 'ACCESS_LEVEL_NOT_ASSIGNED', 403],
    ['no choice where none is offered', [night], null, 'ACCESS_LEVEL_NOT_ASSIGNED', 403],
    ['no choice among several', [op, root], null, 'ACCESS_LEVEL_REQUIRED', 409],
    ['a pre-approval level not approved', [op, root], root.id, 'ACCESS_LEVEL_NOT_APPROVED', 403],
    ['the only offered level when it is not approved', [root], null, 'ACCESS_LEVEL_NOT_APPROVED', 403],
    ['a level whose grant ran out', [{ ...root, expired: true }], root.id, 'GRANT_EXPIRED', 403],
  ])('refuse %s', (_, levels, chosen, code, status) => {
    expect(refusal(() => chooseLevel(levels, chosen))).toEqual({ code, status });
  });

  it('decide when a one-click Connect is impossible', () => {
    const policy = {
      credentialKinds: ['shared'],
      mfaRequired: false,
      authorization: null,
      hasAccessLevels: false,
      accessLevels: [],
    };
    expect(defaultConnectProblem(policy)).toBeNull();
    expect(defaultConnectProblem({ ...policy, mfaRequired: true })).toBe('CONNECT_NEEDS_CHOICE');
    expect(defaultConnectProblem({ ...policy, authorization: { asks: 'ticket-id' } })).toBe('CONNECT_NEEDS_CHOICE');
    expect(defaultConnectProblem({ ...policy, credentialKinds: ['personal'] })).toBe('CONNECT_NEEDS_CHOICE');
    expect(defaultConnectProblem({ ...policy, hasAccessLevels: true })).toBe('ACCESS_LEVEL_NOT_ASSIGNED');
    expect(defaultConnectProblem({ ...policy, hasAccessLevels: true, accessLevels: [op] })).toBeNull();
    expect(defaultConnectProblem({ ...policy, hasAccessLevels: true, accessLevels: [op, root] })).toBe(
      'ACCESS_LEVEL_REQUIRED',
    );
    expect(defaultConnectProblem({ ...policy, hasAccessLevels: true, accessLevels: [root] })).toBe(
      'ACCESS_LEVEL_NOT_APPROVED',
    );
    expect(
      defaultConnectProblem({ ...policy, hasAccessLevels: true, accessLevels: [{ ...root, expired: true }] }),
    ).toBe('GRANT_EXPIRED');
  });
});
