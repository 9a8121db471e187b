import { z } from 'zod';
import { pluginQuestionsSchema, questionKeySchema } from './controlPlane/authorizationPlugins';
import { credentialKindSchema } from './controlPlane/policies';
import { protocolSchema } from './settings';

/** Tickets can carry a personal credential (an SSH private key among them); anything longer is refused unread. */
export const maxTicketLength = 32_768;

/** An Advanced Mode approval can carry a webhook's metadata; anything longer is refused unread. */
export const maxApprovalLength = 16_384;

/** Which computer under which policy a Connect is for. */
export const connectTargetSchema = z.object({ policyId: z.uuid(), computerId: z.uuid() }).strict();

/** What Advanced Mode chose. The server checks each choice against the policy and the person. */
export const advancedChoicesSchema = z
  .object({
    credentialKind: credentialKindSchema,
    /** One of the levels the person's groups carry; null lets the server pick the only one, if there is one. */
    accessLevelId: z.uuid().nullable(),
    /** A TOTP code or a recovery code, where the policy requires MFA. */
    mfaCode: z.string().trim().min(6, 'must be the 6-digit code').max(32).nullable(),
    /** The ticket id or justification the policy's authorization hook asks for. */
    authorization: z.string().trim().min(1, 'is required').max(500).nullable(),
    /** Answers to an authorization webhook's questions so far, by key (a secret one is never logged). */
    answers: z
      .record(questionKeySchema, z.string().max(500))
      .refine((a) => Object.keys(a).length <= 20, 'has more than 20 answers')
      .optional(),
    /** The sealed round the last questions came with; absent on the first Continue. */
    round: z.string().max(4096).optional(),
  })
  .strict();
export type AdvancedChoices = z.infer<typeof advancedChoicesSchema>;

/** The terms page of a Connect (no `advanced`) or of an Advanced Mode start. */
export const termsRequestSchema = connectTargetSchema.extend({ advanced: advancedChoicesSchema.optional() }).strict();

/** A personal credential from the vault: main sends it once, in the ticket request; the server seals it into the ticket and never stores it. */
export const personalSecretSchema = z
  .object({
    username: z.string().min(1).max(256),
    secret: z.string().min(1).max(16_384),
    kind: z.enum(['password', 'private-key']),
  })
  .strict();
export type PersonalSecret = z.infer<typeof personalSecretSchema>;

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
  /** Which credential the session uses, and under which access level (its name), for the page and the tab. */
  credentialKind: credentialKindSchema,
  accessLevel: z.string().nullable(),
  /**
   * Advanced Mode: the checked choices, sealed by the server for a short while (the MFA code is
   * spent here), to be handed back with Agree. Null for a plain Connect. Grants nothing alone.
   */
  approval: z.string().max(maxApprovalLength).nullable(),
  /** The policy revision these terms are of: Agree sends it back, and the ticket is issued under it. */
  policyRevision: z.number().int().optional(),
  /** Advanced Mode: the authorization webhook asks these first (no approval yet); answer and Continue again. */
  questions: pluginQuestionsSchema.optional(),
});
export type Terms = z.infer<typeof termsSchema>;

/** Agreeing to the terms is part of asking for the ticket: no ticket without it. */
export const ticketRequestSchema = connectTargetSchema
  .extend({
    acceptTerms: z.literal(true, { error: 'the terms must be accepted' }),
    /** The terms page's approval, for an Advanced Mode start. */
    approval: z.string().min(1).max(maxApprovalLength).optional(),
    /** The policy revision whose terms the person read (POLICY_CHANGED when the policy moved on since). */
    policyRevision: z.number().int().min(1).optional(),
    /** The vault's credential, when the approval chose a personal one. */
    personal: personalSecretSchema.optional(),
  })
  .strict();

/** A single-use gateway ticket (it travels only in the first message on the gateway socket), with what the session tab shows. */
export const ticketSchema = termsSchema.extend({ ticket: z.string().max(maxTicketLength), expiresAt: z.string() });

/** The first message on the gateway socket: the ticket, and what the desktop may say about the screen. Nothing else. */
export const gatewayHelloSchema = z
  .object({
    ticket: z.string().min(1).max(maxTicketLength),
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

/**
 * The tunnel-internal notice the gateway sends the owner a set time before a firm end:
 * `['', 'openpsm.ends', endsAt (ISO-8601), code]`, code saying which limit (SESSION_TIME_LIMIT:
 * the policy's maximum duration). Main passes it on; the session tab shows it as a banner.
 */
export const gatewayEndsTag = 'openpsm.ends';
