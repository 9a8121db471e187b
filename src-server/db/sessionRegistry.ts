import type { SessionAuthorization } from '@shared/common/api/controlPlane/authorizationPlugins';
import type { Kysely } from 'kysely';
import type { Database } from './schema';

/** What the Recordings search looks in: the verdict's values, one a line (never its keys or JSON). */
const searchedText = (a: SessionAuthorization) =>
  [a.ticketId, a.gatewayUser, ...a.gatewayGroups, ...Object.values(a.metadata)].filter(Boolean).join('\n');

export interface SessionStart {
  id: string;
  personId: string;
  computerId: string;
  policyId: string;
  accessLevelId: string | null;
  /** The policy revision the session starts under (it keeps that revision's settings to its end). */
  policyRevision?: number | undefined;
  /** guacd's `$id`: joiners select it, so it never leaves the server. */
  guacdId: string;
  recordingName: string | null;
  /** The shared credential version the session logged in with, if it used one. */
  shared?: { credentialId: string; version: number } | undefined;
  /** The grant the access level needed (revoking it ends the session), if it needed one. */
  grantId?: string | null | undefined;
  /** The access request whose grant allowed the session, if one did. */
  requestId?: string | null | undefined;
  /** What the authorization plugin's verdict left on the session. */
  authorization?: SessionAuthorization | null | undefined;
}

/** The sessions that ran through the gateway: started, and ended with a reason. */
export class SessionRegistry {
  constructor(private readonly db: Kysely<Database>) {}

  /** What the Live view shows of the access request a session runs under: its reason and ticket id. */
  async requestShown(requestId: string): Promise<{ reason: string; ticketId: string | null } | null> {
    const row = await this.db
      .selectFrom('access_requests')
      .select(['reason', 'ticket_id'])
      .where('id', '=', requestId)
      .executeTakeFirst();
    return row ? { reason: row.reason, ticketId: row.ticket_id } : null;
  }

  async start(s: SessionStart): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        id: s.id,
        person_id: s.personId,
        computer_id: s.computerId,
        policy_id: s.policyId,
        access_level_id: s.accessLevelId,
        policy_revision: s.policyRevision ?? null,
        guacd_id: s.guacdId,
        recording_name: s.recordingName,
        credential_id: s.shared?.credentialId ?? null,
        credential_version: s.shared?.version ?? null,
        grant_id: s.grantId ?? null,
        request_id: s.requestId ?? null,
        authorization: s.authorization ? JSON.stringify(s.authorization) : null,
        authorization_text: s.authorization ? searchedText(s.authorization) : null,
        started_at: new Date().toISOString(),
      })
      .execute();
  }

  /** Records the end once; a later call keeps the first reason. */
  async end(id: string, reason: string): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ ended_at: new Date().toISOString(), end_reason: reason })
      .where('id', '=', id)
      .where('ended_at', 'is', null)
      .execute();
  }
}
