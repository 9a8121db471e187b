import { describe, expect, it } from 'vitest';
import { emptyLevel, emptyPolicy, policyBody, policyErrors } from './policyDraft';

describe('the policy form draft', () => {
  it('names each bad field before sending: no name, no kind, a duration out of range, a level without a name', () => {
    const errors = policyErrors({
      ...emptyPolicy,
      credentialKinds: [],
      maxDurationMinutes: '0',
      accessLevels: [emptyLevel()],
    });
    expect(Object.keys(errors).sort()).toEqual([
      'accessLevels.0.name',
      'credentialKinds',
      'maxDurationMinutes',
      'name',
    ]);
  });

  it('sends tags as a list, a kept level with its id, and an empty target account as the default (null)', () => {
    const body = policyBody({
      ...emptyPolicy,
      name: ' Ops ',
      tags: 'linux, , db ',
      accessLevels: [
        { ...emptyLevel(), id: '5b0d2f1e-9f5e-4c51-9a36-0d4c1b8f2a11', name: 'viewer', targetAccount: ' svc-ro ' },
        { ...emptyLevel(), name: 'default' },
      ],
    });
    expect(body).toMatchObject({ name: 'Ops', tags: ['linux', 'db'], maxDurationMinutes: 480 });
    expect(body.accessLevels).toEqual([
      {
        id: '5b0d2f1e-9f5e-4c51-9a36-0d4c1b8f2a11',
        name: 'viewer',
        groups: [],
        preApproval: false,
        targetAccount: 'svc-ro',
      },
      { name: 'default', groups: [], preApproval: false, targetAccount: null },
    ]);
  });

  it('asks a new webhook for an https address and a secret, and keeps a stored secret when none is typed', () => {
    const webhook = { ...emptyPolicy, name: 'Ops', authorizationOn: true, authorizationPlugin: 'webhook' as const };
    expect(policyErrors({ ...webhook, webhookUrl: 'http://hooks.lab', webhookSecret: 'short' })).toEqual({
      'authorization.url': 'must be an https:// address',
      'authorization.secret': 'must be at least 16 characters',
    });
    expect(policyErrors({ ...webhook, webhookUrl: 'https://hooks.lab/a' })).toEqual({
      'authorization.secret': 'is required',
    });
    const kept = { ...webhook, webhookUrl: ' https://hooks.lab/a ', webhookSecretSet: true };
    expect(policyErrors(kept)).toEqual({});
    expect(policyBody(kept).authorization).toEqual({ plugin: 'webhook', url: 'https://hooks.lab/a', secret: null });
    const prompt = { ...emptyPolicy, authorizationOn: true, authorizationPrompt: 'Change?' };
    expect(policyBody(prompt).authorization).toEqual({
      plugin: 'prompt',
      asks: 'ticket-id',
      prompt: 'Change?',
      pattern: null,
    });
  });
});
