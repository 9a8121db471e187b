import type { EmployeeField } from '@shared/common/api/controlPlane/groups';
import type { FieldErrors, GroupDraft } from './groupDraft';
import { FieldError } from '../ui/FieldError';

const fieldLabels: Record<EmployeeField, string> = {
  department: 'Department',
  location: 'Location',
  costCenter: 'Cost center',
};

/** A group's fields: its name, its kind (when created), and the directory group or rule it follows. */
export function GroupFields({
  draft,
  errors,
  onChange,
  kindFixed,
}: {
  draft: GroupDraft;
  errors: FieldErrors;
  onChange: (next: GroupDraft) => void;
  kindFixed: boolean;
}) {
  const set = (patch: Partial<GroupDraft>) => onChange({ ...draft, ...patch });
  return (
    <div className="form-grid">
      <label className="field">
        <span>Name</span>
        <input
          name="name"
          value={draft.name}
          aria-invalid={Boolean(errors.name)}
          onChange={(e) => set({ name: e.target.value })}
        />
        <FieldError message={errors.name} id="group-name-error" />
      </label>
      {!kindFixed && (
        <label className="field">
          <span>Members</span>
          <select value={draft.kind} onChange={(e) => set({ kind: e.target.value as GroupDraft['kind'] })}>
            <option value="manual">Chosen by hand</option>
            <option value="directory">Follow a directory group</option>
            <option value="rule">Follow a rule</option>
          </select>
        </label>
      )}
      {draft.kind === 'directory' && <DirectoryFields draft={draft} errors={errors} set={set} />}
      {draft.kind === 'rule' && <RuleFields draft={draft} errors={errors} set={set} />}
    </div>
  );
}

type Part = { draft: GroupDraft; errors: FieldErrors; set: (patch: Partial<GroupDraft>) => void };

function DirectoryFields({ draft, errors, set }: Part) {
  return (
    <>
      <label className="field">
        <span>Directory kind</span>
        <select value={draft.source} onChange={(e) => set({ source: e.target.value as GroupDraft['source'] })}>
          <option value="ldap">LDAP group DN</option>
          <option value="oidc">Federation groups claim</option>
        </select>
      </label>
      <label className="field">
        <span>Directory group</span>
        <input
          name="directoryValue"
          value={draft.directoryValue}
          placeholder={draft.source === 'ldap' ? 'cn=ops,ou=groups,dc=example,dc=com' : 'ops'}
          aria-invalid={Boolean(errors.directoryValue)}
          onChange={(e) => set({ directoryValue: e.target.value })}
        />
        <FieldError message={errors.directoryValue} id="group-directory-error" />
      </label>
    </>
  );
}

function RuleFields({ draft, errors, set }: Part) {
  return (
    <>
      <label className="field">
        <span>Rule field</span>
        <select value={draft.ruleField} onChange={(e) => set({ ruleField: e.target.value as EmployeeField })}>
          {Object.entries(fieldLabels).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Rule value</span>
        <input
          name="ruleValue"
          value={draft.ruleValue}
          aria-invalid={Boolean(errors.ruleValue)}
          onChange={(e) => set({ ruleValue: e.target.value })}
        />
        <FieldError message={errors.ruleValue} id="group-rule-error" />
      </label>
    </>
  );
}

/** How a group's membership reads in the list. */
export function kindText(group: {
  kind: GroupDraft['kind'];
  directory: { source: string; value: string } | null;
  rule: { field: EmployeeField; value: string } | null;
}): string {
  if (group.directory) return `${group.directory.source === 'ldap' ? 'LDAP' : 'Federation'}: ${group.directory.value}`;
  if (group.rule) return `${fieldLabels[group.rule.field]} = ${group.rule.value}`;
  return 'By hand';
}
