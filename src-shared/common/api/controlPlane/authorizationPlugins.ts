import { z } from 'zod';

/** The Prompt plugin: a ticket id or justification asked before each session, a ticket id checked by pattern. */
export const promptPluginSchema = z
  .object({
    plugin: z.literal('prompt').default('prompt'),
    asks: z.enum(['ticket-id', 'justification']),
    /** The question shown in Advanced Mode. */
    prompt: z.string().trim().min(1, 'is required').max(200),
    /** A regular expression a ticket id must match (whole answer), or null for any non-empty answer. */
    pattern: z
      .string()
      .max(200)
      .refine((p) => {
        try {
          new RegExp(p);
          return true;
        } catch {
          return false;
        }
      }, 'must be a valid regular expression')
      .nullable(),
  })
  .strict();

/** The Webhook plugin's address: HTTPS only, since the person's answers travel in it. */
export const webhookUrlSchema = z
  .url({ protocol: /^https$/, error: 'must be an https:// address' })
  .max(2000, 'must be at most 2,000 characters');

/**
 * The Webhook plugin: the gateway POSTs a signed JSON request to `url` and follows the answer.
 * `secret` is write-only: given to set or change it, null to keep the stored one; reads give null.
 */
export const webhookPluginSchema = z
  .object({
    plugin: z.literal('webhook'),
    url: webhookUrlSchema,
    secret: z.string().min(16, 'must be at least 16 characters').max(256).nullable(),
  })
  .strict();

/** The policy's authorization plugin (seed 002): the last step before a session. */
export const authorizationHookSchema = z.union([promptPluginSchema, webhookPluginSchema]);
export type AuthorizationHook = z.infer<typeof authorizationHookSchema>;
export type PromptPlugin = z.infer<typeof promptPluginSchema>;

/** A question key: what the webhook names an answer by. */
export const questionKeySchema = z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, 'must be 1-40 letters, digits, _ . or -');

/** A question a webhook asks the person; a secret one is typed hidden and never logged or audited. */
export const pluginQuestionSchema = z
  .object({
    key: questionKeySchema,
    prompt: z.string().min(1).max(200),
    secret: z.boolean().default(false),
  })
  .strict();
export type PluginQuestion = z.infer<typeof pluginQuestionSchema>;

/** The webhook's answer, as the gateway reads it: anything else fails the session (AUTHORIZATION_PLUGIN_FAILED). */
export const webhookAnswerSchema = z.discriminatedUnion('decision', [
  z.object({
    decision: z.literal('allow'),
    gateway_user: z.string().min(1).max(128).optional(),
    gateway_groups: z.array(z.string().min(1).max(128)).max(16).optional(),
    ticket_id: z.string().min(1).max(200).optional(),
    metadata: z
      .record(questionKeySchema, z.string().max(200))
      .refine((m) => Object.keys(m).length <= 16, 'has more than 16 entries')
      .optional(),
  }),
  z.object({ decision: z.literal('deny'), message: z.string().min(1).max(500) }),
  z.object({ decision: z.literal('ask'), questions: z.array(pluginQuestionSchema).min(1).max(5) }),
]);
export type WebhookAnswer = z.infer<typeof webhookAnswerSchema>;

/** What a session keeps of its authorization: shown in Live and Recordings, and searchable. */
export const sessionAuthorizationSchema = z
  .object({
    plugin: z.enum(['prompt', 'webhook']),
    ticketId: z.string().max(500).nullable(),
    /** Who the session really is, as the webhook said (seed 002's gateway_user and gateway_groups). */
    gatewayUser: z.string().max(128).nullable(),
    gatewayGroups: z.array(z.string().max(128)).max(16),
    metadata: z.record(z.string().max(40), z.string().max(500)),
  })
  .strict();
export type SessionAuthorization = z.infer<typeof sessionAuthorizationSchema>;

/** What My Resources says of a policy's plugin: what the prompt asks (its pattern stays on the server), or that a webhook decides. */
export const offeredAuthorizationSchema = z.object({
  plugin: z.enum(['prompt', 'webhook']),
  asks: z.enum(['ticket-id', 'justification']).nullable(),
  prompt: z.string(),
});

/** A webhook's questions, as the terms step gives them: answer them, and Continue again with `round`. */
export const pluginQuestionsSchema = z.object({
  /** Sealed by the server: which round this is and which answers are secret. */
  round: z.string().max(4096),
  questions: z.array(pluginQuestionSchema),
});
