import type { BackendState } from '@shared/common/api/app';
import type { VaultState } from '@shared/common/api/vault';
import type { PageKind } from '../ui/tabs';

/** What the first-run checklist is worked out from. Counts are null until known (or before sign-in). */
export interface ChecklistInput {
  backend: BackendState;
  signedIn: boolean;
  /** The person may administer computers and policies (an administrator). */
  administrator: boolean;
  /** Computers on the control plane (an administrator's count), or those in My Resources. */
  computers: number | null;
  /** Computers the person reaches through a policy (My Resources). */
  reachable: number | null;
  vault: VaultState['status'] | null;
  /** A session of this person's was connected on this device. */
  firstSession: boolean;
}

/** One step: done or not, a sentence on where it stands, and the screen that does it. */
export interface ChecklistStep {
  id: 'control-plane' | 'guacd' | 'computer' | 'policy' | 'vault' | 'session';
  title: string;
  done: boolean;
  detail: string;
  link: { label: string; page: PageKind } | null;
}

const signInFirst = { label: 'Go to sign-in', page: 'resources' } as const;

/** guacd's step: its protocol version once it answers, else what to do (the backend's advice for its mode). */
function guacdStep(backend: BackendState): ChecklistStep {
  const guacd = backend.guacd;
  const done = guacd?.status === 'reachable';
  return {
    id: 'guacd',
    title: 'guacd reachable',
    done,
    detail: done
      ? `guacd answers${guacd.protocolVersion ? `, offering protocol ${guacd.protocolVersion}` : ''}.`
      : (guacd?.detail ?? 'Known once the control plane answers.'),
    link: backend.mode === 'embedded' ? { label: 'Set guacd’s address', page: 'settings' } : null,
  };
}

/** The six steps from a first launch to a first session, each with its screen. */
export function checklistSteps(input: ChecklistInput): ChecklistStep[] {
  const { backend, signedIn, administrator } = input;
  const manage = administrator ? ({ label: 'Open Administration', page: 'admin' } as const) : null;
  const vaultDone = input.vault === 'locked' || input.vault === 'unlocked';
  return [
    {
      id: 'control-plane',
      title: 'Control plane ready',
      done: backend.status === 'ready',
      detail: backend.detail,
      link: { label: 'Open Settings', page: 'settings' },
    },
    guacdStep(backend),
    {
      id: 'computer',
      title: 'A computer',
      done: (input.computers ?? 0) > 0,
      detail: !signedIn
        ? 'Sign in to see the computers.'
        : (input.computers ?? 0) > 0
          ? `${input.computers} computer${input.computers === 1 ? '' : 's'} on the control plane.`
          : administrator
            ? 'Add one in Administration → Computers.'
            : 'An administrator adds computers.',
      link: signedIn ? manage : signInFirst,
    },
    {
      id: 'policy',
      title: 'A policy that reaches you',
      done: (input.reachable ?? 0) > 0,
      detail: !signedIn
        ? 'Sign in to see the computers you may reach.'
        : (input.reachable ?? 0) > 0
          ? `You may reach ${input.reachable} computer${input.reachable === 1 ? '' : 's'}.`
          : 'No access request policy names you or your groups yet.',
      link: signedIn ? (manage ?? { label: 'Open My Resources', page: 'resources' }) : signInFirst,
    },
    {
      id: 'vault',
      title: 'Your vault',
      done: vaultDone,
      detail: vaultDone ? 'Created.' : 'Create it with a master password, for your personal credentials.',
      link: signedIn ? { label: 'Open Vault', page: 'vault' } : signInFirst,
    },
    {
      id: 'session',
      title: 'A first session',
      done: input.firstSession,
      detail: input.firstSession ? 'Done.' : 'Connect to a computer in My Resources.',
      link: { label: 'Open My Resources', page: 'resources' },
    },
  ];
}
