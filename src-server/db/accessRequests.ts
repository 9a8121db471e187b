import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  accessRequestSettingsSchema,
  type AccessRequest,
  type AccessRequestSettings,
  type AccessRequestState,
} from '@shared/common/api/controlPlane/accessRequests';
import type { Database } from './schema';

/** A request to store, checked already. */
export interface AccessRequestToStore {
  personId: string;
  policyId: string;
  computerId: string;
  accessLevelId: string | null;
  reason: string;
  ticketId: string | null;
  startsAt: Date;
  endsAt: Date;
  approvalsRequired: number;
}

/** How many requests a list answers with at most (newest first). */
const listLimit = 500;

function selectRequests(db: Kysely<Database>) {
  return db
    .selectFrom('access_requests as r')
    .innerJoin('persons as p', 'p.id', 'r.person_id')
    .innerJoin('access_request_policies as pol', 'pol.id', 'r.policy_id')
    .innerJoin('computers as c', 'c.id', 'r.computer_id')
    .leftJoin('access_levels as l', 'l.id', 'r.access_level_id')
    .select([
      'r.id',
      'r.person_id',
      'p.username',
      'p.display_name',
      'r.policy_id',
      'pol.name as policy_name',
      'pol.access_requests as settings',
      'r.computer_id',
      'c.name as computer_name',
      'r.access_level_id',
      'l.name as level_name',
      'r.reason',
      'r.ticket_id',
      'r.starts_at',
      'r.ends_at',
      'r.state',
      'r.approvals_required',
      'r.created_at',
      'r.grant_id',
    ]);
}
type RequestRow = Awaited<ReturnType<ReturnType<typeof selectRequests>['executeTakeFirstOrThrow']>>;

/** A stored state as it stands at `now`: past its end, a pending request has expired and an approved one has ended. */
function stateAt(row: { state: string; ends_at: string }, now: Date): AccessRequestState {
  const over = row.ends_at <= now.toISOString();
  if (over && row.state === 'pending') return 'expired';
  if (over && row.state === 'approved') return 'ended';
  return row.state as AccessRequestState;
}

/** The settings a policy's JSON column holds, or null when it takes no requests. */
export const settingsOf = (text: string | null): AccessRequestSettings | null =>
  text === null ? null : accessRequestSettingsSchema.parse(JSON.parse(text));

/**
 * Access requests and their reviews (migration 030). Times are ISO-8601 UTC text, as grants'.
 * Which transitions are allowed is accessRequestRoutes.ts's; here each write is conditional on
 * the state it leaves, so two reviewers at once cannot both move one request.
 */
export class AccessRequestRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(r: AccessRequestToStore, now = new Date()): Promise<string> {
    const id = crypto.randomUUID();
    await this.db
      .insertInto('access_requests')
      .values({
        id,
        person_id: r.personId,
        policy_id: r.policyId,
        computer_id: r.computerId,
        access_level_id: r.accessLevelId,
        reason: r.reason,
        ticket_id: r.ticketId,
        starts_at: r.startsAt.toISOString(),
        ends_at: r.endsAt.toISOString(),
        state: 'pending',
        approvals_required: r.approvalsRequired,
        created_at: now.toISOString(),
      })
      .execute();
    return id;
  }

  /** One request as `viewerId` sees it (whether they may review it), or undefined. */
  async get(id: string, viewerId: string, now = new Date()): Promise<AccessRequest | undefined> {
    const row = await selectRequests(this.db).where('r.id', '=', id).executeTakeFirst();
    return row && (await this.shown([row], viewerId, now))[0];
  }

  /** The viewer's own requests, newest first. `reviewed`: the viewer's reviewedPolicies, when already read. */
  async mine(personId: string, now = new Date(), reviewed?: string[]): Promise<AccessRequest[]> {
    const rows = await selectRequests(this.db)
      .where('r.person_id', '=', personId)
      .orderBy('r.created_at', 'desc')
      .orderBy('r.id')
      .limit(listLimit)
      .execute();
    return this.shown(rows, personId, now, reviewed);
  }

  /** The requests under policies the viewer reviews (their own too, which they may not review), newest first. */
  async reviewable(viewerId: string, now = new Date(), reviewed?: string[]): Promise<AccessRequest[]> {
    const policies = reviewed ?? (await this.reviewedPolicies(viewerId));
    if (policies.length === 0) return [];
    const rows = await selectRequests(this.db)
      .where('r.policy_id', 'in', policies)
      .orderBy('r.created_at', 'desc')
      .orderBy('r.id')
      .limit(listLimit)
      .execute();
    return this.shown(rows, viewerId, now, policies);
  }

  /** The policies (not deleted) whose reviewer groups include one of the person's groups. */
  async reviewedPolicies(personId: string): Promise<string[]> {
    const groups = new Set(
      (await this.db.selectFrom('memberships').select('group_id').where('person_id', '=', personId).execute()).map(
        (m) => m.group_id,
      ),
    );
    if (groups.size === 0) return [];
    const policies = await this.db
      .selectFrom('access_request_policies')
      .select(['id', 'access_requests'])
      .where('access_requests', 'is not', null)
      .where('deleted_at', 'is', null)
      .execute();
    return policies
      .filter((p) => settingsOf(p.access_requests)?.reviewerGroups.some((g) => groups.has(g)))
      .map((p) => p.id);
  }

  /** Adds one reviewer's decision; false when they reviewed it already. */
  async addReview(
    requestId: string,
    reviewer: { personId: string; username: string },
    decision: 'approve' | 'deny',
    comment: string,
    now = new Date(),
  ): Promise<boolean> {
    const done = await this.db
      .insertInto('access_request_reviews')
      .values({
        request_id: requestId,
        reviewer_id: reviewer.personId,
        reviewer: reviewer.username,
        decision,
        comment,
        at: now.toISOString(),
      })
      .onConflict((oc) => oc.columns(['request_id', 'reviewer_id']).doNothing())
      .executeTakeFirst();
    return Number(done.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async approvals(requestId: string): Promise<number> {
    const rows = await this.db
      .selectFrom('access_request_reviews')
      .select('reviewer_id')
      .where('request_id', '=', requestId)
      .where('decision', '=', 'approve')
      .execute();
    return rows.length;
  }

  /** Moves a request from one state to another; false when it was not in `from`. */
  async move(id: string, from: string[], to: string): Promise<boolean> {
    const done = await this.db
      .updateTable('access_requests')
      .set({ state: to })
      .where('id', '=', id)
      .where('state', 'in', from)
      .executeTakeFirst();
    return Number(done.numUpdatedRows) > 0;
  }

  /** The approved request a grant was made for is revoked with it. */
  async revokeWithGrant(grantId: string): Promise<void> {
    await this.db
      .updateTable('access_requests')
      .set({ state: 'revoked' })
      .where('grant_id', '=', grantId)
      .where('state', '=', 'approved')
      .execute();
  }

  /** The access request a grant was made for, if any: its policy, for the reviewers' say. */
  async ofGrant(grantId: string): Promise<{ id: string; policyId: string } | undefined> {
    const row = await this.db
      .selectFrom('access_requests')
      .select(['id', 'policy_id'])
      .where('grant_id', '=', grantId)
      .executeTakeFirst();
    return row && { id: row.id, policyId: row.policy_id };
  }

  /** Names the grant an approval made; false when the request is no longer approved (cancelled meanwhile). */
  async setGrant(id: string, grantId: string): Promise<boolean> {
    const done = await this.db
      .updateTable('access_requests')
      .set({ grant_id: grantId })
      .where('id', '=', id)
      .where('state', '=', 'approved')
      .executeTakeFirst();
    return Number(done.numUpdatedRows) > 0;
  }

  private async shown(
    rows: RequestRow[],
    viewerId: string,
    now: Date,
    reviewedIds?: string[],
  ): Promise<AccessRequest[]> {
    if (rows.length === 0) return [];
    const reviews = await this.db
      .selectFrom('access_request_reviews')
      .selectAll()
      .where(
        'request_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('at')
      .execute();
    const reviewed = new Set(reviewedIds ?? (await this.reviewedPolicies(viewerId)));
    return rows.map((r) => {
      const mine = reviews.filter((v) => v.request_id === r.id);
      const state = stateAt(r, now);
      return {
        id: r.id,
        personId: r.person_id,
        username: r.username,
        displayName: r.display_name,
        policyId: r.policy_id,
        policyName: r.policy_name,
        computerId: r.computer_id,
        computerName: r.computer_name,
        accessLevelId: r.access_level_id,
        accessLevelName: r.level_name,
        reason: r.reason,
        ticketId: r.ticket_id,
        startsAt: r.starts_at,
        endsAt: r.ends_at,
        createdAt: r.created_at,
        state,
        approvalsRequired: Number(r.approvals_required),
        reviews: mine.map((v) => ({
          reviewer: v.reviewer,
          decision: v.decision === 'deny' ? ('deny' as const) : ('approve' as const),
          comment: v.comment,
          at: v.at,
        })),
        grantId: r.grant_id,
        mine: r.person_id === viewerId,
        canReview:
          state === 'pending' &&
          r.person_id !== viewerId &&
          reviewed.has(r.policy_id) &&
          !mine.some((v) => v.reviewer_id === viewerId),
      };
    });
  }
}
