import { grantsApi, type Grant, type GrantState } from '@shared/common/api/controlPlane/grants';
import { OpenPsmError } from '@shared/common/errors';
import type { AccessRequestRepository } from '../db/accessRequests';
import type { GrantRepository } from '../db/grants';
import type { PersonRepository } from '../db/persons';
import type { AuditChange, ServerStateRepository } from '../db/serverState';
import type { LiveSessions } from '../gateway/liveSessions';
import { route, type Caller, type Route } from './router';

export interface GrantRouteDeps {
  grants: GrantRepository;
  persons: Pick<PersonRepository, 'findById'>;
  state: Pick<ServerStateRepository, 'audit'>;
  live: Pick<LiveSessions, 'underGrant'>;
  accessRequests: Pick<AccessRequestRepository, 'ofGrant' | 'reviewedPolicies' | 'revokeWithGrant'>;
  /** OPENPSM_GRANT_DEFAULT_HOURS: the window of a grant given no end. */
  grantDefaultHours: number;
  /** OPENPSM_GRANT_MAX_HOURS: the longest window. */
  grantMaxHours: number;
}

/** What giving a grant needs (the Advanced Mode's old pre-approval route gives them too). */
type GivingDeps = Pick<GrantRouteDeps, 'grants' | 'persons' | 'state' | 'grantDefaultHours' | 'grantMaxHours'>;

/** What a grant asks for, checked by the route table's schema. */
export interface GrantRequest {
  personId: string;
  policyId: string;
  accessLevelId: string | null;
  startsAt?: string | undefined;
  endsAt?: string | undefined;
}

const hourMs = 3600_000;
const badField = (path: string, message: string) =>
  new OpenPsmError('BAD_REQUEST', { message: `The grant's ${path} ${message}.`, fields: [{ path, message }] });

/** "Root on Linux servers", or "Linux servers (every level)" for a whole policy. */
const grantName = (g: Pick<Grant, 'accessLevelName' | 'policyName'>) =>
  g.accessLevelName ? `${g.accessLevelName} on ${g.policyName}` : `${g.policyName} (every level)`;

/** The grant's window: the start (default now) and end (default start + default hours), within the limits. */
function windowOf(deps: GivingDeps, req: GrantRequest, now: number) {
  const startsAt = req.startsAt ? Date.parse(req.startsAt) : now;
  const endsAt = req.endsAt ? Date.parse(req.endsAt) : startsAt + deps.grantDefaultHours * hourMs;
  if (endsAt <= now) throw badField('endsAt', 'must be in the future');
  if (endsAt <= startsAt) throw badField('endsAt', 'must be after the start');
  if (endsAt - startsAt > deps.grantMaxHours * hourMs)
    throw badField('endsAt', `must be at most ${deps.grantMaxHours} hours after the start (OPENPSM_GRANT_MAX_HOURS)`);
  return { startsAt: new Date(startsAt), endsAt: new Date(endsAt) };
}

/**
 * Gives a person an access level (or a whole policy) for a window: never oneself (SELF_APPROVAL,
 * audited), the person, policy and level must exist and belong together. Audited.
 */
export async function giveGrant(deps: GivingDeps, caller: Caller, req: GrantRequest): Promise<Grant> {
  if (req.personId === caller.personId) {
    await deps.state.audit(caller.username, 'grant.self_refused', req.accessLevelId ?? req.policyId);
    throw new OpenPsmError('SELF_APPROVAL', {
      message: 'Nobody may grant themselves access. Ask another access manager or an administrator to grant it.',
    });
  }
  const person = await deps.persons.findById(req.personId);
  if (!person) throw badField('personId', 'is not a person');
  if (req.accessLevelId !== null) {
    const policy = await deps.grants.policyOfLevel(req.accessLevelId);
    if (!policy) throw badField('accessLevelId', 'is not an access level');
    if (policy !== req.policyId) throw badField('accessLevelId', 'is not an access level of that policy');
  } else if (!(await deps.grants.policyExists(req.policyId))) throw badField('policyId', 'is not a policy');
  const grant = await deps.grants.create({
    ...req,
    ...windowOf(deps, req, Date.now()),
    source: 'manual',
    grantedBy: caller.username,
  });
  const changes: AuditChange[] = [
    { field: 'startsAt', before: null, after: grant.startsAt },
    { field: 'endsAt', before: null, after: grant.endsAt },
  ];
  await deps.state.audit(caller.username, 'grant.create', `${grantName(grant)} for ${grant.username}`, changes);
  return grant;
}

/** Access managers and administrators revoke any grant; a reviewer of an access request's policy, that request's grant. */
async function mayRevoke(deps: GrantRouteDeps, caller: Caller, grantId: string): Promise<void> {
  if (caller.roles.includes('administrator') || caller.roles.includes('access_manager')) return;
  const request = await deps.accessRequests.ofGrant(grantId);
  if (request && (await deps.accessRequests.reviewedPolicies(caller.personId)).includes(request.policyId)) return;
  throw new OpenPsmError('FORBIDDEN_ROLE', {
    message: "Only access managers, administrators and the reviewers of an access request's policy may revoke a grant.",
  });
}

/** Grants: list (by state, person), grant for a window, revoke (ending the sessions under it). */
export function grantRoutes(deps: GrantRouteDeps): Route[] {
  const { grants, state } = deps;
  return [
    route({
      spec: grantsApi.list,
      handler: async ({ query }) => ({
        grants: await grants.list(query as { state?: GrantState; personId?: string }),
        defaultHours: deps.grantDefaultHours,
        maxHours: deps.grantMaxHours,
      }),
    }),
    route({
      spec: grantsApi.choices,
      handler: ({ query }) => grants.choices((query as { search?: string }).search ?? ''),
    }),
    route({
      spec: grantsApi.create,
      handler: ({ body, caller }) => giveGrant(deps, caller, body),
    }),
    route({
      spec: grantsApi.revoke,
      handler: async ({ params, caller }) => {
        // Allowed first: someone who may not revoke learns nothing of which grant ids exist.
        await mayRevoke(deps, caller, params.id);
        const before = await grants.get(params.id);
        if (!before) throw new OpenPsmError('NOT_FOUND', { message: 'There is no grant with that id.' });
        if (!(await grants.revoke(before.id, caller.username)))
          throw new OpenPsmError('CONFLICT', { message: 'This grant was already revoked.' });
        await deps.accessRequests.revokeWithGrant(before.id);
        const after = (await grants.get(before.id)) as Grant;
        const running = deps.live.underGrant(before.id);
        await state.audit(caller.username, 'grant.revoke', `${grantName(before)} for ${before.username}`, [
          { field: 'revokedAt', before: null, after: after.revokedAt },
          { field: 'endedSessions', before: null, after: running.length },
        ]);
        for (const entry of running)
          entry.end(
            new OpenPsmError('GRANT_REVOKED', {
              message: `${caller.username} revoked your grant (${grantName(before)}), so this session has ended.`,
            }),
            'GRANT_REVOKED',
          );
        return { grant: after, endedSessions: running.length };
      },
    }),
  ];
}
