import { z } from 'zod';
import { protocolSchema } from './settings';

/** Which computer under which policy a Connect is for. */
export const connectTargetSchema = z.object({ policyId: z.uuid(), computerId: z.uuid() }).strict();

/** The terms page: the policy's text, and whether the session is recorded or can be watched live. */
export const termsSchema = z.object({
  policyName: z.string(),
  computerName: z.string(),
  protocol: protocolSchema,
  terms: z.string(),
  recorded: z.boolean(),
  liveMonitoring: z.boolean(),
});
export type Terms = z.infer<typeof termsSchema>;

/** Agreeing to the terms is part of asking for the ticket: no ticket without it. */
export const ticketRequestSchema = connectTargetSchema.extend({ acceptTerms: z.literal(true, { error: 'the terms must be accepted' }) }).strict();

/** A single-use gateway ticket; it travels only in the first message on the gateway socket. */
export const ticketSchema = z.object({ ticket: z.string().max(2048), expiresAt: z.string() });
