import type { PluginQuestion } from '@shared/common/api/controlPlane/authorizationPlugins';

/**
 * The questions the policy's authorization webhook asked, every round's, each with its answer:
 * a secret one is typed hidden (and the server never logs or audits it). Continue sends them.
 */
export function PluginQuestions({
  questions,
  answers,
  onChange,
}: {
  questions: PluginQuestion[];
  answers: Record<string, string>;
  onChange: (key: string, value: string) => void;
}) {
  return (
    <fieldset className="picker" aria-label="Questions from the authorization check">
      <legend>Questions from the authorization check</legend>
      <p className="muted">Answer these, then Continue again.</p>
      {questions.map((q) => (
        <label key={q.key} className="field">
          <span>{q.prompt}</span>
          <input
            name={`answer-${q.key}`}
            type={q.secret ? 'password' : 'text'}
            autoComplete="off"
            maxLength={500}
            value={answers[q.key] ?? ''}
            onChange={(e) => onChange(q.key, e.target.value)}
          />
        </label>
      ))}
    </fieldset>
  );
}
