import { useState } from 'react';
import type { Settings } from '@shared/common/api/settings';
import { themeChoices, type ThemeChoice } from '@shared/common/theme';
import { useApi } from '../bridge/apiContext';

const labels: Record<ThemeChoice, { name: string; help: string }> = {
  system: { name: 'System', help: "Light or dark, as your computer's setting." },
  light: { name: 'Light', help: 'Always light.' },
  dark: { name: 'Dark', help: 'Always dark.' },
};

/** Settings → Appearance: System, Light or Dark, saved (and shown) as soon as it is picked. */
export function ThemeSetting({ settings, onSaved }: { settings: Settings; onSaved: (next: Settings) => void }) {
  const api = useApi();
  const [problem, setProblem] = useState<string | null>(null);
  // Checked at once (the save follows); back to the saved one if the save fails.
  const [picked, setPicked] = useState<ThemeChoice>(settings.theme);
  const pick = (theme: ThemeChoice) => {
    setProblem(null);
    setPicked(theme);
    api.settings.update({ theme }).then(onSaved, (error: unknown) => {
      setPicked(settings.theme);
      setProblem(error instanceof Error ? error.message : String(error));
    });
  };
  return (
    <fieldset className="card settings" aria-describedby="theme-help">
      <legend>Appearance</legend>
      <p id="theme-help" className="muted">
        Theme, for every page of the app. It applies at once.
      </p>
      <div className="mode-options" role="radiogroup" aria-label="Theme">
        {themeChoices.map((choice) => (
          <label key={choice} className={picked === choice ? 'mode-option selected' : 'mode-option'}>
            <input type="radio" name="theme" value={choice} checked={picked === choice} onChange={() => pick(choice)} />
            <span>
              <strong>{labels[choice].name}</strong>
              <small>{labels[choice].help}</small>
            </span>
          </label>
        ))}
      </div>
      {problem && (
        <p className="field-error" role="alert">
          Theme not saved: {problem}
        </p>
      )}
    </fieldset>
  );
}
