import { useMemo } from 'react';
import type { AdminResult } from '@shared/common/api/admin';
import { CodedError } from '../../ui/CodedError';
import { useAdmin } from '../useAdmin';
import { ModuleActions } from './ModuleActions';
import { CheckField, GroupRoleRows, TextField, type BadFields } from './ModuleFields';
import { federationBody, federationDraftOf, federationProblem, type FederationDraft } from './signInDraft';
import { useModuleForm, type ModuleFormSteps } from './useModuleForm';

type Part = { draft: FederationDraft; set(patch: Partial<FederationDraft>): void; bad: BadFields };

/** The issuer and this server's client there. */
function IssuerFields({ draft, set, bad, kept }: Part & { kept: boolean }) {
  return (
    <>
      <TextField
        path="config.name"
        label="Button name (Sign in with …)"
        value={draft.name}
        bad={bad}
        onChange={(name) => set({ name })}
      />
      <TextField
        path="config.issuerUrl"
        label="Issuer URL"
        value={draft.issuerUrl}
        bad={bad}
        onChange={(issuerUrl) => set({ issuerUrl })}
      />
      <TextField
        path="config.clientId"
        label="Client ID"
        value={draft.clientId}
        bad={bad}
        onChange={(clientId) => set({ clientId })}
      />
      <TextField
        path="clientSecret"
        label={`Client secret${kept ? ' (kept; type to replace)' : ''}`}
        type="password"
        value={draft.clientSecret}
        bad={bad}
        onChange={(clientSecret) => set({ clientSecret })}
      />
      <CheckField
        label="Allow a self-signed certificate on the issuer"
        checked={draft.allowSelfSignedTls}
        onChange={(allowSelfSignedTls) => set({ allowSelfSignedTls })}
      />
    </>
  );
}

/** Which claims identify the person and carry their groups. */
function ClaimFields({ draft, set, bad }: Part) {
  return (
    <>
      <TextField
        path="config.searchClaim"
        label="Identifying claim (e.g. email)"
        value={draft.searchClaim}
        bad={bad}
        onChange={(searchClaim) => set({ searchClaim })}
      />
      <TextField
        path="config.groupsClaim"
        label="Groups claim (empty: none)"
        value={draft.groupsClaim}
        bad={bad}
        onChange={(groupsClaim) => set({ groupsClaim })}
      />
    </>
  );
}

/** Federation with an external OIDC issuer: a form with Save, and Test (discovery and keys). */
export function FederationForm() {
  const admin = useAdmin();
  const steps = useMemo<ModuleFormSteps<FederationDraft, AdminResult<'federation.get'>>>(
    () => ({
      load: () => admin('federation.get'),
      draftOf: federationDraftOf,
      problem: federationProblem,
      save: (d, revision) => admin('federation.set', { body: { ...federationBody(d), revision } }),
      test: async (d) => (await admin('federation.test', { body: federationBody(d) })).summary,
    }),
    [admin],
  );
  const form = useModuleForm(steps);
  const { draft, view, problem } = form;
  if (!draft || !view) return <CodedError problem={problem} testId="federation-error" />;
  const set = (patch: Partial<FederationDraft>) => form.edit({ ...draft, ...patch });
  const bad = problem?.fields ?? {};
  return (
    <form
      className="card form-grid module-form"
      aria-label="Federation (OIDC)"
      noValidate
      onSubmit={(e) => (e.preventDefault(), void form.run('save'))}
    >
      <h3>Federation (OIDC)</h3>
      <p>
        Register this redirect URI at the issuer: <code>{view.redirectUri}</code>
      </p>
      <CheckField label="Federation enabled" checked={draft.enabled} onChange={(enabled) => set({ enabled })} />
      <IssuerFields draft={draft} set={set} bad={bad} kept={view.hasClientSecret} />
      <ClaimFields draft={draft} set={set} bad={bad} />
      <GroupRoleRows
        groupKey="group"
        groupLabel="Group"
        rows={draft.groupRoles}
        bad={bad}
        onChange={(groupRoles) => set({ groupRoles })}
      />
      <TextField
        path="config.timeoutMs"
        label="Timeout (ms)"
        value={draft.timeoutMs}
        bad={bad}
        onChange={(timeoutMs) => set({ timeoutMs })}
      />
      <ModuleActions
        name="federation"
        problem={problem}
        saved={form.saved}
        finding={form.finding}
        onTest={() => void form.run('test')}
        onReload={() => void form.reload()}
      />
    </form>
  );
}
