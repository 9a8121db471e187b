import { describe, expect, it } from 'vitest';
import type { BackendState } from '@shared/common/api/app';
import { checklistSteps, type ChecklistInput } from './checklist';

const ready: BackendState = {
  mode: 'embedded',
  status: 'ready',
  detail: 'The built-in control plane is running on this device.',
  serverUrl: 'http://127.0.0.1:4100',
  guacd: { status: 'reachable', protocolVersion: 'VERSION_1_5_0', detail: 'ok' },
};
const fresh: ChecklistInput = {
  backend: { mode: 'embedded', status: 'starting', detail: 'Starting…', serverUrl: null },
  signedIn: false,
  administrator: false,
  computers: null,
  reachable: null,
  vault: null,
  firstSession: false,
};
const done = (input: ChecklistInput) => checklistSteps(input).map((s) => `${s.id}:${s.done ? 'done' : 'todo'}`);

describe('the first-run checklist', () => {
  it('starts with nothing done, and sends a signed-out person to sign in for the steps that need it', () => {
    const steps = checklistSteps(fresh);
    expect(steps.every((s) => !s.done)).toBe(true);
    expect(steps.find((s) => s.id === 'vault')?.link).toEqual({ label: 'Go to sign-in', page: 'resources' });
  });

  it("names guacd's protocol version once it answers, and the mode's advice while it does not", () => {
    expect(checklistSteps({ ...fresh, backend: ready })[1]?.detail).toBe(
      'guacd answers, offering protocol VERSION_1_5_0.',
    );
    const down = {
      ...ready,
      guacd: { status: 'unreachable' as const, protocolVersion: null, detail: 'Start guacd, or Settings → guacd.' },
    };
    expect(checklistSteps({ ...fresh, backend: down })[1]).toMatchObject({
      done: false,
      detail: 'Start guacd, or Settings → guacd.',
      link: { page: 'settings' },
    });
  });

  it('is all done once there is a computer, a policy that reaches the person, a vault and a first session', () => {
    const all = { ...fresh, backend: ready, signedIn: true, administrator: true, computers: 6, reachable: 3 };
    expect(done({ ...all, vault: 'none' })).toEqual([
      'control-plane:done',
      'guacd:done',
      'computer:done',
      'policy:done',
      'vault:todo',
      'session:todo',
    ]);
    expect(checklistSteps({ ...all, vault: 'unlocked', firstSession: true }).every((s) => s.done)).toBe(true);
  });

  it('points an administrator at Administration and anyone else at My Resources', () => {
    const signedIn = { ...fresh, backend: ready, signedIn: true, computers: 0, reachable: 0 };
    expect(checklistSteps({ ...signedIn, administrator: true })[3]?.link?.page).toBe('admin');
    expect(checklistSteps(signedIn)[3]?.link?.page).toBe('resources');
    expect(checklistSteps(signedIn)[2]?.detail).toBe('An administrator adds computers.');
  });
});
