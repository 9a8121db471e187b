import type { ResourceGroup } from './api/controlPlane/resources';
import type { ErrorCode } from './errors';
import type { StartLink } from './startLink';

export type StartLinkMatch =
  | { group: ResourceGroup; computer: ResourceGroup['computers'][number] }
  | { problem: { code: ErrorCode; message: string } };

const problem = (code: ErrorCode, message: string): StartLinkMatch => ({ problem: { code, message } });

/**
 * Finds the policy and computer a checked start link names among a person's resources, or
 * says why it cannot start. The desktop app and the server's `/start` page both ask this, so
 * a link is refused for the same reason, with the same code, in either place.
 */
export function matchStartLink(link: Omit<StartLink, 'personId'>, groups: ResourceGroup[]): StartLinkMatch {
  const group = groups.find((g) => g.policyId === link.policyId);
  const computer = group?.computers.find((c) => c.computerId === link.computerId);
  if (!group || !computer)
    return problem(
      'RESOURCE_NOT_ALLOWED',
      'No access request policy of yours gives you this computer under the policy the link names. Check the link, or ask an administrator to check the policy.',
    );
  if (computer.blockedReason)
    return problem(
      computer.blockedReason,
      'RDP sessions are switched off on this server (the RDP proxy setting is off). Ask an administrator to switch it on.',
    );
  if (link.credentialKind === 'jit' && !computer.jitEnabled)
    return problem(
      'JIT_NOT_ENABLED',
      `${computer.name} is not JIT-enabled, so the link's JIT account cannot be used. Ask an administrator to enable JIT for it, or start without UseJit.`,
    );
  if (link.accessLevelId && !group.accessLevels.some((l) => l.id === link.accessLevelId))
    return problem(
      'ACCESS_LEVEL_NOT_ASSIGNED',
      "The link's AccessLevelId is not an access level assigned to any of your groups under this policy. Ask an administrator to check which groups carry it.",
    );
  return { group, computer };
}
