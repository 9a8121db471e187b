import type { ChecklistStep } from './checklist';
import type { PageKind } from '../ui/tabs';

/** The first-run checklist: each step done or not, where it stands, and a button to its screen. */
export function GettingStarted({ steps, onOpen }: { steps: ChecklistStep[]; onOpen: (page: PageKind) => void }) {
  const left = steps.filter((s) => !s.done).length;
  return (
    <section className="card checklist" aria-labelledby="checklist-title">
      <h2 id="checklist-title">Getting started</h2>
      <p className="muted">
        {left} of {steps.length} steps left before your first session.
      </p>
      <ol className="checklist-steps">
        {steps.map((step) => (
          <li
            key={step.id}
            className={step.done ? 'checklist-step done' : 'checklist-step'}
            data-testid={`checklist-${step.id}`}
            aria-label={`${step.title}: ${step.done ? 'done' : 'to do'}`}
          >
            <span className="checklist-mark" aria-hidden="true">
              {step.done ? '✓' : ''}
            </span>
            <div>
              <strong>{step.title}</strong>
              <p>{step.detail}</p>
            </div>
            {!step.done && step.link && (
              <button type="button" className="button secondary" onClick={() => step.link && onOpen(step.link.page)}>
                {step.link.label}
              </button>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
