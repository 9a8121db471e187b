import { describe, expect, it } from 'vitest';
import { emptyGrant, grantBody, grantErrors, grantRefusalErrors, localInput } from './grantDraft';

describe('the grant form', () => {
  const now = new Date(2026, 11, 2, 9, 30);

  it('starts with an end the default hours ahead, in local time', () => {
    expect(emptyGrant(8, now).endsAt).toBe('2026-12-02T17:30');
    expect(localInput(new Date(2026, 0, 5, 7, 4))).toBe('2026-01-05T07:04');
  });

  it('names each missing or bad field before asking the server', () => {
    expect(grantErrors({ personId: '', policyId: '', accessLevelId: '', endsAt: '' }, now)).toEqual({
      personId: 'choose a person',
      policyId: 'choose a policy',
      endsAt: 'is required (a date and time)',
    });
    expect(grantErrors({ personId: 'p', policyId: 'q', accessLevelId: '', endsAt: '2026-12-02T09:00' }, now)).toEqual({
      endsAt: 'must be in the future',
    });
  });

  it('sends the end as an instant and no level as the whole policy; shows the server’s field errors', () => {
    const body = grantBody({ personId: 'p', policyId: 'q', accessLevelId: '', endsAt: '2026-12-02T17:30' });
    expect(body).toEqual({
      personId: 'p',
      policyId: 'q',
      accessLevelId: null,
      endsAt: new Date(2026, 11, 2, 17, 30).toISOString(),
    });
    expect(
      grantRefusalErrors({
        code: 'BAD_REQUEST',
        message: 'x',
        fields: { endsAt: 'must be after the start', other: 'y' },
      }),
    ).toEqual({
      endsAt: 'must be after the start',
    });
  });
});
