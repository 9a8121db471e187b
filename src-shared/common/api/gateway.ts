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
  /** The policy's clipboard rules, for the session's UI (the gateway enforces them). */
  disableCopy: z.boolean(),
  disablePaste: z.boolean(),
});
export type Terms = z.infer<typeof termsSchema>;

/** Agreeing to the terms is part of asking for the ticket: no ticket without it. */
export const ticketRequestSchema = connectTargetSchema.extend({ acceptTerms: z.literal(true, { error: 'the terms must be accepted' }) }).strict();

/** A single-use gateway ticket (it travels only in the first message on the gateway socket), with what the session tab shows. */
export const ticketSchema = termsSchema.extend({ ticket: z.string().max(2048), expiresAt: z.string() });

/** The first message on the gateway socket: the ticket, and what the desktop may say about the screen. Nothing else. */
export const gatewayHelloSchema = z
  .object({
    ticket: z.string().min(1).max(2048),
    /** The current access token: the session lives only as long as the sign-in does. */
    accessToken: z.string().min(10).max(4096),
    width: z.number().int().min(1).max(8192),
    height: z.number().int().min(1).max(8192),
    dpi: z.number().int().min(48).max(600),
    timezone: z.string().max(64),
    name: z.string().max(100),
  })
  .strict();
export type GatewayHello = z.infer<typeof gatewayHelloSchema>;

/** The tunnel-internal note the gateway sends once guacd is ready: `['', 'openpsm.ready', sessionId]`. */
export const gatewayReadyTag = 'openpsm.ready';

/** The tunnel-internal message main sends after each refresh: `['', 'openpsm.token', accessToken]`. */
export const gatewayTokenTag = 'openpsm.token';
