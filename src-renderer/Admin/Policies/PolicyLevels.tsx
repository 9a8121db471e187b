import { FieldError } from '../../ui/FieldError';
import { emptyLevel, type LevelDraft, type PolicyErrors } from './policyDraft';
import { CheckList, type PickItem } from './PolicyPickers';

/**
 * A policy's access levels: each with its name, the groups that carry it, whether it needs a
 * pre-approval, and the target account it logs in as (a shared credential's username on the
 * computer, e.g. svc-ro; empty: the computer's default shared credential).
 */
export function PolicyLevels({
  levels,
  groups,
  errors,
  onChange,
}: {
  levels: LevelDraft[];
  groups: PickItem[];
  errors: PolicyErrors;
  onChange: (next: LevelDraft[]) => void;
}) {
  const set = (i: number, patch: Partial<LevelDraft>) =>
    onChange(levels.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  return (
    <fieldset className="picker" aria-label="Access levels">
      <legend>Access levels</legend>
      {levels.length === 0 && (
        <p className="muted">No access levels: sessions run with the default shared credential.</p>
      )}
      {levels.map((level, i) => (
        <div key={level.key} className="card" role="group" aria-label={`Access level ${i + 1}`}>
          <label className="field">
            <span>Level name</span>
            <input
              aria-label="Level name"
              value={level.name}
              aria-invalid={Boolean(errors[`accessLevels.${i}.name`])}
              aria-describedby={`level-${i}-name-error`}
              onChange={(e) => set(i, { name: e.target.value })}
            />
            <FieldError message={errors[`accessLevels.${i}.name`]} id={`level-${i}-name-error`} />
          </label>
          <label className="field">
            <span>Target account</span>
            <input
              aria-label="Target account"
              value={level.targetAccount}
              placeholder="the default shared credential"
              aria-invalid={Boolean(errors[`accessLevels.${i}.targetAccount`])}
              aria-describedby={`level-${i}-account-error`}
              onChange={(e) => set(i, { targetAccount: e.target.value })}
            />
            <span className="muted">The username of the computer&apos;s shared credential this level logs in as.</span>
            <FieldError message={errors[`accessLevels.${i}.targetAccount`]} id={`level-${i}-account-error`} />
          </label>
          <label className="switch">
            <input
              type="checkbox"
              aria-label="Needs pre-approval"
              checked={level.preApproval}
              onChange={(e) => set(i, { preApproval: e.target.checked })}
            />{' '}
            Needs pre-approval
          </label>
          <CheckList
            label="Groups carrying the level"
            items={groups}
            chosen={level.groups}
            onChange={(next) => set(i, { groups: next })}
            error={errors[`accessLevels.${i}.groups`]}
          />
          <button type="button" className="button secondary" onClick={() => onChange(levels.filter((_, j) => j !== i))}>
            Remove level
          </button>
        </div>
      ))}
      <button type="button" className="button secondary" onClick={() => onChange([...levels, emptyLevel()])}>
        Add an access level
      </button>
    </fieldset>
  );
}
