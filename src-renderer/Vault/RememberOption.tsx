import type { VaultState } from '@shared/common/api/vault';

/** "Remember on this device": off by default; disabled, with the reason, when there is no OS keychain. */
export function RememberOption({
  vault,
  checked,
  onChange,
}: {
  vault: VaultState;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const unavailable = vault.rememberUnavailable;
  return (
    <label className="check">
      <input
        type="checkbox"
        name="remember"
        checked={checked && !unavailable}
        disabled={unavailable !== null}
        onChange={(e) => onChange(e.target.checked)}
        aria-describedby={unavailable ? 'remember-why' : undefined}
      />
      <span>Remember on this device (Unlock becomes one click; the key is kept in the OS keychain)</span>
      {unavailable && (
        <span id="remember-why" className="muted">
          {' '}
          {unavailable}
        </span>
      )}
    </label>
  );
}
