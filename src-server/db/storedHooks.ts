import { z } from 'zod';
import type { authorizationHookSchema } from '@shared/common/api/controlPlane/authorizationPlugins';
import {
  promptPluginSchema,
  type AuthorizationHook,
  type PromptPlugin,
} from '@shared/common/api/controlPlane/authorizationPlugins';
import type { ResourceGroup } from '@shared/common/api/controlPlane/resources';
import { OpenPsmError } from '@shared/common/errors';
import type { ServerKey } from '../secrets/serverKey';

/** A webhook as the database keeps it: its secret sealed with the server key. */
const storedWebhookSchema = z
  .object({ plugin: z.literal('webhook'), url: z.string(), secretSealed: z.string() })
  .strict();
export type StoredWebhook = z.infer<typeof storedWebhookSchema>;

/** A policy's plugin as stored (a row from before plugins had names is a Prompt). */
export const storedHookSchema = z.union([promptPluginSchema, storedWebhookSchema]);
export type StoredHook = PromptPlugin | StoredWebhook;
/** A stored plugin as written (a Prompt may leave out its name). */
export type StoredHookInput = z.input<typeof storedHookSchema>;
/** A plugin as the administration writes it (a webhook's secret in clear), or as already stored. */
export type HookWrite = z.input<typeof authorizationHookSchema> | StoredHookInput;

/** What the webhook secret is sealed for (the server key derives a key per purpose). */
export const webhookSecretPurpose = 'authorization-webhook-secret';

/** A policy's plugin from its JSON column (null: none). */
export const hookOf = (text: string | null): StoredHook | null =>
  text === null ? null : storedHookSchema.parse(JSON.parse(text));

/** The plugin as the administration reads it: a webhook's secret is never given back. */
export function shownHook(stored: StoredHook | null): AuthorizationHook | null {
  if (stored?.plugin !== 'webhook') return stored;
  return { plugin: 'webhook', url: stored.url, secret: null };
}

/** What My Resources says of the plugin: the prompt's question, or that a webhook decides. */
export function offeredHook(stored: StoredHook | null): ResourceGroup['authorization'] {
  if (!stored) return null;
  if (stored.plugin === 'webhook')
    return {
      plugin: 'webhook',
      asks: null,
      prompt: 'An outside system checks this session when you continue, and may ask you questions.',
    };
  return { plugin: 'prompt', asks: stored.asks, prompt: stored.prompt };
}

/**
 * The plugin as an edit writes it: a webhook's new secret sealed, or the stored one kept when
 * the edit gives none (BAD_REQUEST when there is none to keep).
 */
export function sealedHook(
  input: HookWrite | null | undefined,
  before: StoredHook | null,
  key: Pick<ServerKey, 'seal'>,
): StoredHookInput | null {
  if (!input) return null;
  if (input.plugin !== 'webhook' || 'secretSealed' in input) return input;
  if (input.secret !== null)
    return { plugin: 'webhook', url: input.url, secretSealed: key.seal(webhookSecretPurpose, input.secret) };
  if (before?.plugin === 'webhook') return { plugin: 'webhook', url: input.url, secretSealed: before.secretSealed };
  throw new OpenPsmError('BAD_REQUEST', {
    message: 'A webhook needs a secret to sign its requests.',
    fields: [{ path: 'authorization.secret', message: 'is required' }],
  });
}
