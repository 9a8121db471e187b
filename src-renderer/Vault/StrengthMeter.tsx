import { passwordStrength } from './strength';

/** A bar and a word for how hard the password is to guess, with what would make it stronger. */
export function StrengthMeter({ password }: { password: string }) {
  const strength = passwordStrength(password);
  return (
    <div className="strength" data-score={strength.score}>
      <meter min={0} max={4} low={2} high={3} optimum={4} value={strength.score} aria-label="Password strength" />
      <span data-testid="strength-label">{strength.label}</span>
      {strength.hint && <span className="muted"> — {strength.hint}</span>}
    </div>
  );
}
