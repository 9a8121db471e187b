import { z } from 'zod';
import { sessionAuthorizationSchema } from './controlPlane/authorizationPlugins';
import type { ServiceContract } from './rpc';
import { openedSessionSchema, screenSchema } from './sessions';
import { protocolSchema } from './settings';

/** One session running through the gateway, as the Live view lists it. */
export const liveSessionSchema = z.object({
  sessionId: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  computerName: z.string(),
  policyName: z.string(),
  /** The policy revision the session started under: it keeps that revision's settings to its end. */
  policyRevision: z.number().int().nullable(),
  protocol: protocolSchema,
  /** When the session started (ISO-8601). */
  startedAt: z.string(),
  /** When the gateway ends it at the latest: its policy's maximum duration (ISO-8601). */
  endsAt: z.string(),
  accessLevel: z.string().nullable(),
  recorded: z.boolean(),
  /** False when the policy or the computer turns live monitoring off: Watch is refused. */
  liveMonitoring: z.boolean(),
  /** How many people watch it now. */
  watchers: z.number().int().min(0),
  /** The access request whose grant allowed it, if one did: its reason and ticket id. */
  accessRequest: z.object({ reason: z.string(), ticketId: z.string().nullable() }).nullable().optional(),
  /** What the policy's authorization plugin left on the session: ticket id, gateway user and groups, metadata. */
  authorization: sessionAuthorizationSchema.nullable().optional(),
});
export type LiveSession = z.infer<typeof liveSessionSchema>;

/** Every live session, with a version that changes whenever a session starts, ends or gains or loses a watcher. */
export const liveListSchema = z.object({ version: z.number().int().min(0), sessions: z.array(liveSessionSchema) });
export type LiveList = z.infer<typeof liveListSchema>;

/** Waits for a list newer than `since` (the server answers at once when there is one, else after its wait). */
export const liveWaitSchema = z.object({ since: z.number().int().min(0) }).strict();

/** Terminating a session needs a reason: the owner sees it, and the audit log keeps it. */
export const terminateRequestSchema = z
  .object({ reason: z.string().trim().min(3, 'must say why (at least 3 characters)').max(500) })
  .strict();

/** A single-use join ticket for the gateway, and what the watch tab shows. */
export const joinTicketSchema = z.object({
  ticket: z.string().min(1).max(4096),
  expiresAt: z.string(),
  computerName: z.string(),
  protocol: protocolSchema,
  username: z.string(),
});

export const liveContract = {
  /** Every session running through the gateway. Access managers only: fails with FORBIDDEN_ROLE, NOT_SIGNED_IN, NO_BACKEND. */
  list: { params: z.object({}).strict(), result: liveListSchema },
  /**
   * Follows the live list while `on`: main pushes `live.changed` as sessions start and end
   * (no refresh needed) until the renderer calls it again with `on: false` or signs out.
   */
  follow: { params: z.object({ on: z.boolean() }).strict(), result: z.object({}).strict() },
  /**
   * Watches a live session read-only through a guacd join via the gateway; the watcher's input
   * is never forwarded. Fails with FORBIDDEN_ROLE, SESSION_NOT_FOUND, MONITORING_OFF.
   */
  watch: { params: screenSchema.extend({ sessionId: z.uuid() }).strict(), result: openedSessionSchema },
  /** Ends a live session with a reason the owner sees and the audit log keeps. Fails with FORBIDDEN_ROLE, SESSION_NOT_FOUND. */
  terminate: { params: terminateRequestSchema.extend({ sessionId: z.uuid() }).strict(), result: z.object({}).strict() },
} satisfies ServiceContract;
