import type { CredentialKind } from '@shared/common/api/controlPlane/policies';
import { OpenPsmError } from '@shared/common/errors';
import type { CatalogRepository, PersonLevel } from '../db/catalog';
import { defaultConnectProblem } from '../db/myResources';
import type { CredentialRepository } from '../db/credentials';
import type { JitRepository } from '../db/jitAccounts';

/** What the catalog holds about a computer a person may reach through a policy: the computer, the policy, its terms. */
export type CatalogTarget = NonNullable<Awaited<ReturnType<CatalogRepository['connectTarget']>>>;

export interface ConnectPolicyDeps {
  catalog: CatalogRepository;
  credentials: Pick<CredentialRepository, 'listFor'>;
  jit: Pick<JitRepository, 'hasProvisioner'>;
  rdpProxyEnabled(): Promise<boolean>;
}

/** The computer under the policy, if the person reaches it there and its protocol is on. */
async function reachableTarget(
  deps: ConnectPolicyDeps,
  personId: string,
  policyId: string,
  computerId: string,
): Promise<CatalogTarget> {
  const target = await deps.catalog.connectTarget(personId, policyId, computerId);
  if (!target) throw new OpenPsmError('RESOURCE_NOT_ALLOWED');
  if (target.protocol === 'rdp' && !(await deps.rdpProxyEnabled())) throw new OpenPsmError('RDP_PROXY_DISABLED');
  return target;
}

/**
 * The access level a session runs under: none where the policy has none; else the chosen
 * one, or the only one the person's groups carry. Refuses a level the person's groups do not
 * carry, one that needs a pre-approval (an active grant) they lack or whose grant ran out
 * (GRANT_EXPIRED), and no choice among several.
 */
export function chooseLevel(levels: PersonLevel[], chosenId: string | null): PersonLevel | null {
  if (levels.length === 0) {
    if (chosenId !== null)
      throw new OpenPsmError('ACCESS_LEVEL_NOT_ASSIGNED', {
        message: 'This policy has no access levels, so none can be chosen.',
      });
    return null;
  }
  let level: PersonLevel | undefined;
  if (chosenId === null) {
    const offered = levels.filter((l) => l.offered);
    if (offered.length === 0)
      throw new OpenPsmError('ACCESS_LEVEL_NOT_ASSIGNED', {
        message: `This policy runs sessions under an access level (${levels.map((l) => l.name).join(', ')}), and none is assigned to your groups. Ask an administrator to check which groups carry them.`,
      });
    if (offered.length > 1) throw new OpenPsmError('ACCESS_LEVEL_REQUIRED');
    level = offered[0];
  } else {
    level = levels.find((l) => l.id === chosenId);
    if (!level?.offered)
      throw new OpenPsmError('ACCESS_LEVEL_NOT_ASSIGNED', {
        message: `${level ? `The access level ${level.name}` : 'That access level'} is not assigned to any of your groups. Ask an administrator to check which groups carry it.`,
      });
  }
  if (!level) throw new OpenPsmError('ACCESS_LEVEL_NOT_ASSIGNED');
  if (level.preApproval && !level.approved && level.expired)
    throw new OpenPsmError('GRANT_EXPIRED', {
      message: `Your grant for the access level ${level.name} has ended. Ask an access manager for a new grant, or choose another level.`,
    });
  if (level.preApproval && !level.approved)
    throw new OpenPsmError('ACCESS_LEVEL_NOT_APPROVED', {
      message: `The access level ${level.name} needs pre-approval, and you are not approved for it. Ask an access manager to approve you, or choose another level.`,
    });
  return level;
}

/**
 * Checks a credential kind and an access level against the policy and the computer, afresh
 * at each step (terms, ticket, gateway). MFA and the authorization hook are the caller's.
 */
export async function checkChoices(
  deps: ConnectPolicyDeps,
  ids: { personId: string; policyId: string; computerId: string },
  choices: { credentialKind: CredentialKind; accessLevelId: string | null },
) {
  return checkChoicesOn(
    deps,
    await reachableTarget(deps, ids.personId, ids.policyId, ids.computerId),
    ids.computerId,
    choices,
  );
}

async function checkChoicesOn(
  deps: ConnectPolicyDeps,
  target: CatalogTarget,
  computerId: string,
  choices: { credentialKind: CredentialKind; accessLevelId: string | null },
) {
  const kind = choices.credentialKind;
  if (kind === 'jit') {
    if (!target.jitEnabled || !target.credentialKinds.includes('jit'))
      throw new OpenPsmError('JIT_NOT_ENABLED', {
        message: target.jitEnabled
          ? 'This policy does not offer JIT accounts. Ask an administrator to add JIT to the policy, or choose another credential.'
          : `${target.computerName} is not JIT-enabled. Ask an administrator to enable JIT for it, or choose another credential.`,
      });
    if (target.protocol !== 'ssh')
      throw new OpenPsmError('JIT_PROVISIONING_FAILED', {
        message: `OpenPSM creates JIT accounts on Linux computers over SSH; ${target.computerName} is ${target.protocol.toUpperCase()}. Choose another credential.`,
      });
    if (!(await deps.jit.hasProvisioner(computerId)))
      throw new OpenPsmError('JIT_PROVISIONING_FAILED', {
        message: `${target.computerName} has no provisioning account set (account store configuration), so no JIT account can be created. Ask an administrator to set one.`,
      });
  } else if (!target.credentialKinds.includes(kind)) {
    throw new OpenPsmError('CREDENTIAL_KIND_NOT_ALLOWED', {
      message: `This policy allows ${target.credentialKinds.join(', ')} credentials, not ${kind}. Choose one of those, or ask an administrator to check the policy.`,
    });
  }
  const level = chooseLevel(target.levels, choices.accessLevelId);
  if (kind === 'shared') await checkSharedAccount(deps, target, computerId, level);
  return { target, level };
}

/**
 * A shared-credential session needs a shared credential on the computer; under an access level
 * with a target account, one with that username (the level decides what the session may do).
 */
async function checkSharedAccount(
  deps: ConnectPolicyDeps,
  target: CatalogTarget,
  computerId: string,
  level: PersonLevel | null,
) {
  const shared = await deps.credentials.listFor(computerId);
  if (shared.length === 0)
    throw new OpenPsmError('NO_SHARED_CREDENTIAL', {
      message:
        'This computer has no shared credential. Choose a personal credential or a JIT account, or ask an administrator to add one.',
    });
  const account = level?.targetAccount;
  if (account && !shared.some((c) => c.username === account))
    throw new OpenPsmError('TARGET_ACCOUNT_MISSING', {
      message: `The access level ${level.name} logs in as ${account}, and ${target.computerName} has no shared credential for ${account}. Ask an administrator to add one, or choose another level.`,
    });
}

/**
 * The computer a one-click Connect may start a session on (shared credential, no questions):
 * everything `checkChoices` checks, and the policy asks nothing (MFA, a ticket id) and leaves
 * at most one access level to pick. Else a coded refusal saying what to check.
 */
export async function connectableTarget(
  deps: ConnectPolicyDeps,
  personId: string,
  policyId: string,
  computerId: string,
) {
  const target = await reachableTarget(deps, personId, policyId, computerId);
  const offered = target.levels.filter((l) => l.offered);
  const problem = defaultConnectProblem({
    ...target,
    hasAccessLevels: target.levels.length > 0,
    accessLevels: offered,
  });
  if (problem === 'CONNECT_NEEDS_CHOICE') throw new OpenPsmError(problem);
  return checkChoicesOn(deps, target, computerId, { credentialKind: 'shared', accessLevelId: null });
}
