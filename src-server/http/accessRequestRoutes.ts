import type { Kysely } from 'kysely';
import {
  accessRequestsApi,
  type AccessRequest,
  type NewAccessRequest,
} from '@shared/common/api/controlPlane/accessRequests';
import { OpenPsmError } from '@shared/common/errors';
import { settingsOf, type AccessRequestRepository } from '../db/accessRequests';
import type { GrantRepository } from '../db/grants';
import { resourceAt } from '../db/myResources';
import type { Database } from '../db/schema';
import type { ServerStateRepository } from '../db/serverState';
import type { LiveSessions } from '../gateway/liveSessions';
import { route, type Caller, type Route } from './router';

export interface AccessRequestRouteDeps {
  db: Kysely<Database>;
  accessRequests: AccessRequestRepository;
  grants: GrantRepository;
  state: Pick<ServerStateRepository, 'audit'>;
  live: Pick<LiveSessions, 'underGrant'>;
  rdpProxyEnabled(): Promise<boolean>;
  /** How long a policy minute is (OPENPSM_POLICY_MINUTE_SECONDS; tests shorten it): a request's duration is in them. */
  policyMinuteMs: number;
}

/** How far ahead a request may start. */
const latestStartDays = 30;
const dayMs = 86_400_000;

const badField = (path: string, message: string) =>
  new OpenPsmError('BAD_REQUEST', { message: `The request's ${path} ${message}.`, fields: [{ path, message }] });
const notFound = () => new OpenPsmError('NOT_FOUND', { message: 'There is no access request with that id.' });
const what = (r: Pick<AccessRequest, 'computerName' | 'policyName' | 'username'>) =>
  `${r.computerName} (${r.policyName}) for ${r.username}`;

/** Checks and stores a request: a policy that takes them, a computer the person reaches under it, a window within its longest. */
async function createRequest(deps: AccessRequestRouteDeps, caller: Caller, body: Required<NewAccessRequest>) {
  const policy = await deps.db
    .selectFrom('access_request_policies')
    .select(['access_requests'])
    .where('id', '=', body.policyId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  const settings = policy ? settingsOf(policy.access_requests) : null;
  if (!settings) throw badField('policyId', 'is not a policy that takes access requests');
  const ids = { personId: caller.personId, policyId: body.policyId, computerId: body.computerId };
  const found = await resourceAt(deps.db, ids, await deps.rdpProxyEnabled());
  if (!found)
    throw new OpenPsmError('RESOURCE_NOT_ALLOWED', {
      message: 'This policy does not cover that computer for you, so you cannot request it under the policy.',
    });
  // Access under a policy is approved per access level (a grant of one, or of all): a policy without levels has nothing to grant.
  if (found.levels.length === 0) throw badField('policyId', 'has no access levels, so there is nothing to request');
  if (body.accessLevelId !== null && !found.levels.some((l) => l.id === body.accessLevelId))
    throw badField('accessLevelId', 'is not an access level of this policy');
  if (body.durationMinutes > settings.maxMinutes)
    throw badField('durationMinutes', `must be at most ${settings.maxMinutes} minutes (the policy's longest)`);
  const now = Date.now();
  const startsAt = body.startsAt ? Date.parse(body.startsAt) : now;
  if (startsAt > now + latestStartDays * dayMs) throw badField('startsAt', `must be within ${latestStartDays} days`);
  const endsAt = startsAt + body.durationMinutes * deps.policyMinuteMs;
  if (endsAt <= now) throw badField('startsAt', 'must leave some of the window in the future');
  const id = await deps.accessRequests.create({
    ...body,
    personId: caller.personId,
    startsAt: new Date(startsAt),
    endsAt: new Date(endsAt),
    approvalsRequired: settings.approvals,
  });
  const request = (await deps.accessRequests.get(id, caller.personId)) as AccessRequest;
  await deps.state.audit(caller.username, 'access_request.create', what(request), [
    { field: 'reason', before: null, after: request.reason },
    { field: 'endsAt', before: null, after: request.endsAt },
  ]);
  return request;
}

/** One reviewer's decision: never the requester's, only a reviewer's, once, on a pending request. */
async function reviewRequest(
  deps: AccessRequestRouteDeps,
  caller: Caller,
  id: string,
  body: { decision: 'approve' | 'deny'; comment: string },
) {
  const request = await deps.accessRequests.get(id, caller.personId);
  if (!request) throw notFound();
  if (request.personId === caller.personId) {
    await deps.state.audit(caller.username, 'access_request.self_review_refused', what(request), [], request.id);
    throw new OpenPsmError('SELF_APPROVAL', {
      message: 'Nobody may review their own access request. Another reviewer of the policy must decide it.',
    });
  }
  if (!(await deps.accessRequests.reviewedPolicies(caller.personId)).includes(request.policyId))
    throw new OpenPsmError('FORBIDDEN_ROLE', {
      message: "Only members of the policy's reviewer groups may review its access requests.",
    });
  if (request.state !== 'pending')
    throw new OpenPsmError('CONFLICT', {
      message: `This request is ${request.state}: only a pending one is reviewed.`,
    });
  if (!(await deps.accessRequests.addReview(request.id, caller, body.decision, body.comment)))
    throw new OpenPsmError('CONFLICT', { message: 'You have reviewed this request already.' });
  await deps.state.audit(caller.username, `access_request.${body.decision}`, what(request), [
    { field: 'comment', before: null, after: body.comment },
  ]);
  if (body.decision === 'deny') {
    if (!(await deps.accessRequests.move(request.id, ['pending'], 'denied'))) throw decidedMeanwhile();
  } else if ((await deps.accessRequests.approvals(request.id)) >= request.approvalsRequired)
    await grantApproved(deps, caller, request);
  return (await deps.accessRequests.get(request.id, caller.personId)) as AccessRequest;
}

const decidedMeanwhile = () =>
  new OpenPsmError('CONFLICT', { message: 'This request was decided or cancelled meanwhile; your review is kept.' });

/**
 * Enough approvals: the request is claimed as approved first (so a second reviewer or a cancel
 * cannot also move it), then gets its grant (source request) for its window, from now at the
 * earliest. A cancel between the two finds no grant yet: the grant made after it is revoked here.
 */
async function grantApproved(deps: AccessRequestRouteDeps, caller: Caller, request: AccessRequest) {
  if (!(await deps.accessRequests.move(request.id, ['pending'], 'approved'))) throw decidedMeanwhile();
  const grant = await deps.grants.create({
    personId: request.personId,
    policyId: request.policyId,
    accessLevelId: request.accessLevelId,
    startsAt: new Date(Math.max(Date.now(), Date.parse(request.startsAt))),
    endsAt: new Date(request.endsAt),
    source: 'request',
    grantedBy: caller.username,
    requestId: request.id,
  });
  if (!(await deps.accessRequests.setGrant(request.id, grant.id))) await deps.grants.revoke(grant.id, caller.username);
  else await deps.state.audit(caller.username, 'access_request.granted', what(request), [], request.id);
}

/** The requester takes a pending or approved request back; an approval's grant is revoked and its sessions end. */
async function cancelRequest(deps: AccessRequestRouteDeps, caller: Caller, id: string) {
  const request = await deps.accessRequests.get(id, caller.personId);
  if (!request || request.personId !== caller.personId) throw notFound();
  const open = request.state === 'pending' || request.state === 'approved';
  if (!open || !(await deps.accessRequests.move(request.id, ['pending', 'approved'], 'cancelled')))
    throw new OpenPsmError('CONFLICT', { message: `This request is ${request.state}: it cannot be cancelled.` });
  // Read again: an approval may have given it a grant since the first read.
  const grantId = (await deps.accessRequests.get(request.id, caller.personId))?.grantId;
  if (grantId) {
    await deps.grants.revoke(grantId, caller.username);
    for (const entry of deps.live.underGrant(grantId))
      entry.end(
        new OpenPsmError('GRANT_REVOKED', { message: 'You cancelled the access request this session ran under.' }),
        'GRANT_REVOKED',
      );
  }
  await deps.state.audit(caller.username, 'access_request.cancel', what(request), [], request.id);
  return (await deps.accessRequests.get(request.id, caller.personId)) as AccessRequest;
}

/** Access requests: list (mine, or to review, with the count waiting for the caller), request, review, cancel. */
export function accessRequestRoutes(deps: AccessRequestRouteDeps): Route[] {
  const { accessRequests } = deps;
  return [
    route({
      spec: accessRequestsApi.list,
      handler: async ({ query, caller }) => {
        // Which policies the caller reviews is read once, for both lists.
        const reviewed = await accessRequests.reviewedPolicies(caller.personId);
        const reviewable = await accessRequests.reviewable(caller.personId, new Date(), reviewed);
        const mine = await accessRequests.mine(caller.personId, new Date(), reviewed);
        const scope = (query as { scope?: 'mine' | 'review' }).scope ?? 'mine';
        return {
          requests: scope === 'review' ? reviewable : mine,
          toReview: reviewable.filter((r) => r.canReview).length,
          reviewer: reviewed.length > 0,
          own: mine.length,
        };
      },
    }),
    route({
      spec: accessRequestsApi.create,
      handler: ({ body, caller }) => createRequest(deps, caller, body as Required<NewAccessRequest>),
    }),
    route({
      spec: accessRequestsApi.review,
      handler: ({ params, body, caller }) => reviewRequest(deps, caller, params.id, body),
    }),
    route({
      spec: accessRequestsApi.cancel,
      handler: ({ params, caller }) => cancelRequest(deps, caller, params.id),
    }),
  ];
}
