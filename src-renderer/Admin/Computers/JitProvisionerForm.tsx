import { useState, type FormEvent } from 'react';
import type { ComputerDetail } from '@shared/common/api/controlPlane/computerFields';
import { CodedError } from '../../ui/CodedError';
import { FieldError } from '../../ui/FieldError';
import { problemOf, type AdminProblem } from '../adminProblem';
import { useAdmin } from '../useAdmin';

type Draft = {
  username: string;
  port: string;
  secretKind: 'password' | 'private-key';
  secret: string;
  hostKeySha256: string;
};

const labels: Record<string, string> = {
  username: 'Username',
  port: 'SSH port',
  secret: 'Secret',
  hostKeySha256: 'Host key SHA256',
};

/**
 * The provisioning account JIT uses to create a throwaway account per session: username, SSH
 * port, secret (write-only: never shown, typed again to change) and the pinned host key.
 */
export function JitProvisionerForm({ computer, onSaved }: { computer: ComputerDetail; onSaved: () => void }) {
  const admin = useAdmin();
  const shown = computer.jitProvisioner;
  const [draft, setDraft] = useState<Draft>({
    username: shown?.username ?? '',
    port: String(shown?.port ?? computer.port),
    secretKind: shown?.secretKind ?? 'password',
    secret: '',
    hostKeySha256: shown?.hostKeySha256 ?? '',
  });
  const [problem, setProblem] = useState<AdminProblem | null>(null);
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const port = /^\d{1,5}$/.test(draft.port) ? Number(draft.port) : -1;
      await admin('computers.setJitProvisioner', { params: { id: computer.id }, body: { ...draft, port } });
      setProblem(null);
      setDraft({ ...draft, secret: '' });
      onSaved();
    } catch (error) {
      setProblem(problemOf(error));
    }
  };
  const fieldError = (name: string) =>
    problem?.fields[name] ? `${labels[name]} ${problem.fields[name].replace(/\.$/, '')}.` : undefined;
  const text = (name: 'username' | 'port' | 'hostKeySha256', label: string) => (
    <label className="field">
      <span>{label}</span>
      <input
        aria-label={label}
        value={draft[name]}
        autoComplete="off"
        onChange={(e) => set({ [name]: e.target.value })}
      />
      <FieldError message={fieldError(name)} id={`jit-${name}-error`} />
    </label>
  );
  return (
    <form aria-label="JIT provisioning account" onSubmit={(e) => void submit(e)} noValidate>
      <h4>JIT provisioning account</h4>
      <ProvisionerState shown={shown} />
      {problem && Object.keys(problem.fields).length === 0 && <CodedError problem={problem} testId="jit-error" />}
      <div className="form-grid">
        {text('username', 'Provisioning username')}
        {text('port', 'Provisioning SSH port')}
        <label className="field">
          <span>Secret kind</span>
          <select
            aria-label="Secret kind"
            value={draft.secretKind}
            onChange={(e) => set({ secretKind: e.target.value as Draft['secretKind'] })}
          >
            <option value="password">Password</option>
            <option value="private-key">Private key</option>
          </select>
        </label>
        <label className="field">
          <span>Provisioning secret</span>
          <textarea
            aria-label="Provisioning secret"
            rows={2}
            value={draft.secret}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => set({ secret: e.target.value })}
          />
          <FieldError message={fieldError('secret')} id="jit-secret-error" />
        </label>
        {text('hostKeySha256', 'Host key SHA256')}
      </div>
      <div className="actions">
        <button type="submit" className="button secondary">
          Save provisioning account
        </button>
      </div>
    </form>
  );
}

/** What is set now: the account without its secret, or that none is. */
function ProvisionerState({ shown }: { shown: ComputerDetail['jitProvisioner'] }) {
  return (
    <p className="muted">
      {shown
        ? `Set: ${shown.username} (${shown.secretKind}) on port ${shown.port}, host key ${shown.hostKeySha256}. Its secret is never shown; type it again to change the account.`
        : 'No provisioning account is set: JIT sessions to this computer cannot start until one is.'}
    </p>
  );
}
