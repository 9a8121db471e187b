import { useMemo } from 'react';
import type { AdminResult } from '@shared/common/api/admin';
import { CodedError } from '../../ui/CodedError';
import { useAdmin } from '../useAdmin';
import { ModuleActions } from './ModuleActions';
import { CheckField, GroupRoleRows, SelectField, TextField, type BadFields } from './ModuleFields';
import { ldapBody, ldapDraftOf, ldapProblem, ldapTestBody, type LdapDraft } from './signInDraft';
import { useModuleForm, type ModuleFormSteps } from './useModuleForm';

type Part = { draft: LdapDraft; set(patch: Partial<LdapDraft>): void; bad: BadFields; kept: boolean };

/** Where the directory is and how the connection is secured. */
function DirectoryFields({ draft, set, bad }: Part) {
  return (
    <>
      <TextField path="config.url" label="URL" value={draft.url} bad={bad} onChange={(url) => set({ url })} />
      <SelectField
        path="config.security"
        label="Security"
        value={draft.security}
        options={[
          ['ldaps', 'LDAPS (TLS from the start)'],
          ['starttls', 'StartTLS'],
          ['plain', 'Plain (loopback only)'],
        ]}
        bad={bad}
        onChange={(security) => set({ security })}
      />
      <TextField
        path="config.caPem"
        label="CA certificate (PEM)"
        multiline
        placeholder="-----BEGIN CERTIFICATE-----"
        value={draft.caPem}
        bad={bad}
        onChange={(caPem) => set({ caPem })}
      />
    </>
  );
}

/** How a user is found: base DN, filter and the service account that searches. */
function SearchFields({ draft, set, bad, kept }: Part) {
  return (
    <>
      <TextField
        path="config.baseDn"
        label="Base DN"
        value={draft.baseDn}
        bad={bad}
        onChange={(baseDn) => set({ baseDn })}
      />
      <TextField
        path="config.userFilter"
        label="User filter"
        value={draft.userFilter}
        bad={bad}
        onChange={(userFilter) => set({ userFilter })}
      />
      <TextField
        path="config.bindDn"
        label="Bind DN (empty: search anonymously)"
        value={draft.bindDn}
        bad={bad}
        onChange={(bindDn) => set({ bindDn })}
      />
      <TextField
        path="bindPassword"
        label={`Bind password${kept ? ' (kept; type to replace)' : ''}`}
        type="password"
        value={draft.bindPassword}
        bad={bad}
        onChange={(bindPassword) => set({ bindPassword })}
      />
    </>
  );
}

/** The LDAP module: a form with Save, and Test with a user to look for (and their password, to try it). */
export function LdapForm() {
  const admin = useAdmin();
  const steps = useMemo<ModuleFormSteps<LdapDraft, AdminResult<'ldap.get'>>>(
    () => ({
      load: () => admin('ldap.get'),
      draftOf: ldapDraftOf,
      problem: ldapProblem,
      save: (d, revision) => admin('ldap.set', { body: { ...ldapBody(d), revision } }),
      test: async (d) => (await admin('ldap.test', { body: ldapTestBody(d) })).summary,
    }),
    [admin],
  );
  const form = useModuleForm(steps);
  const { draft, view, problem } = form;
  if (!draft || !view) return <CodedError problem={problem} testId="ldap-error" />;
  const set = (patch: Partial<LdapDraft>) => form.edit({ ...draft, ...patch });
  const part = { draft, set, bad: problem?.fields ?? {}, kept: view.hasBindPassword };
  return (
    <form
      className="card form-grid module-form"
      aria-label="LDAP"
      noValidate
      onSubmit={(e) => (e.preventDefault(), void form.run('save'))}
    >
      <h3>LDAP</h3>
      {view.warning && <p className="banner">{view.warning}</p>}
      <CheckField label="LDAP sign-in enabled" checked={draft.enabled} onChange={(enabled) => set({ enabled })} />
      <DirectoryFields {...part} />
      <SearchFields {...part} />
      <GroupRoleRows
        groupKey="groupDn"
        groupLabel="Group DN"
        rows={draft.groupRoles}
        bad={part.bad}
        onChange={(groupRoles) => set({ groupRoles })}
      />
      <TextField
        path="config.timeoutMs"
        label="Timeout (ms)"
        value={draft.timeoutMs}
        bad={part.bad}
        onChange={(timeoutMs) => set({ timeoutMs })}
      />
      <h4>Test</h4>
      <TextField
        path="username"
        label="Test username"
        value={draft.testUser}
        bad={part.bad}
        onChange={(testUser) => set({ testUser })}
      />
      <TextField
        path="password"
        label="Test password (optional: tries a sign-in bind)"
        type="password"
        value={draft.testPassword}
        bad={part.bad}
        onChange={(testPassword) => set({ testPassword })}
      />
      <ModuleActions
        name="ldap"
        problem={problem}
        saved={form.saved}
        finding={form.finding}
        onTest={() => void form.run('test')}
        onReload={() => void form.reload()}
      />
    </form>
  );
}
