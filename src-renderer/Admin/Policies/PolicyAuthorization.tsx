import type { PolicyDraft, PolicyErrors } from './policyDraft';
import { Switch } from './PolicyPickers';
import { PolicyTextField } from './PolicyTextField';

type Set = (patch: Partial<PolicyDraft>) => void;

/**
 * The policy's authorization plugin (seed 002), run last before each session: Prompt asks a
 * ticket id or a justification; Webhook asks an outside system, which may allow, deny or ask
 * the person questions. A webhook's secret is write-only: left empty, the stored one is kept.
 */
export function PolicyAuthorization({ draft, errors, set }: { draft: PolicyDraft; errors: PolicyErrors; set: Set }) {
  return (
    <>
      <Switch
        label="Ask an authorization question"
        checked={draft.authorizationOn}
        onChange={(authorizationOn) => set({ authorizationOn })}
      />
      {draft.authorizationOn && (
        <label className="field">
          <span>Authorization plugin</span>
          <select
            aria-label="Authorization plugin"
            value={draft.authorizationPlugin}
            onChange={(e) => set({ authorizationPlugin: e.target.value as PolicyDraft['authorizationPlugin'] })}
          >
            <option value="prompt">Prompt: a ticket id or a justification</option>
            <option value="webhook">Webhook: an outside system decides</option>
          </select>
        </label>
      )}
      {draft.authorizationOn && draft.authorizationPlugin === 'prompt' && (
        <PromptFields draft={draft} errors={errors} set={set} />
      )}
      {draft.authorizationOn && draft.authorizationPlugin === 'webhook' && (
        <WebhookFields draft={draft} errors={errors} set={set} />
      )}
    </>
  );
}

/** What the Prompt asks, its question, and the pattern a ticket id must match. */
function PromptFields({ draft, errors, set }: { draft: PolicyDraft; errors: PolicyErrors; set: Set }) {
  return (
    <>
      <label className="field">
        <span>It asks for</span>
        <select
          aria-label="It asks for"
          value={draft.authorizationAsks}
          onChange={(e) => set({ authorizationAsks: e.target.value as PolicyDraft['authorizationAsks'] })}
        >
          <option value="ticket-id">A ticket id</option>
          <option value="justification">A justification</option>
        </select>
      </label>
      <PolicyTextField
        label="Authorization prompt"
        name="authorization.prompt"
        value={draft.authorizationPrompt}
        error={errors['authorization.prompt']}
        onChange={(authorizationPrompt) => set({ authorizationPrompt })}
      />
      {draft.authorizationAsks === 'ticket-id' && (
        <PolicyTextField
          label="Ticket id pattern (regular expression)"
          name="authorization.pattern"
          value={draft.authorizationPattern}
          error={errors['authorization.pattern']}
          onChange={(authorizationPattern) => set({ authorizationPattern })}
        />
      )}
    </>
  );
}

/** The webhook's HTTPS address and its signing secret (sealed on the server, never shown again). */
function WebhookFields({ draft, errors, set }: { draft: PolicyDraft; errors: PolicyErrors; set: Set }) {
  return (
    <>
      <PolicyTextField
        label="Webhook address (https://)"
        name="authorization.url"
        value={draft.webhookUrl}
        error={errors['authorization.url']}
        onChange={(webhookUrl) => set({ webhookUrl })}
      />
      <PolicyTextField
        label="Webhook secret"
        name="authorization.secret"
        password
        value={draft.webhookSecret}
        error={errors['authorization.secret']}
        onChange={(webhookSecret) => set({ webhookSecret })}
        hint={
          draft.webhookSecretSet
            ? 'A secret is set and sealed. Leave this empty to keep it, or type a new one to replace it.'
            : 'At least 16 characters. Each request is signed with it (HMAC-SHA256); it is never shown again.'
        }
      />
    </>
  );
}
