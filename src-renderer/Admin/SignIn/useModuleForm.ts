import { useCallback, useEffect, useState } from 'react';
import { problemOf, type AdminProblem } from '../adminProblem';
import { refusalOf } from '../SignInRules/rulesDraft';

/** What a module's GET answers has at least: the revision a save must name (a stale one is refused). */
interface Revised {
  revision: number;
}

/** How one sign-in module's form loads, checks, saves and tests its draft. */
export interface ModuleFormSteps<D, V extends Revised> {
  load(): Promise<V>;
  draftOf(view: V): D;
  /** What is wrong with the typed draft before anything is sent (the API's own schema), or null. */
  problem(draft: D): AdminProblem | null;
  /** Saves the draft over the revision the form read. */
  save(draft: D, revision: number): Promise<V>;
  /** Tries the typed draft without saving it: the one line of what was found. */
  test(draft: D): Promise<string>;
}

/**
 * A sign-in module's form state: the draft as typed, what the last Save or Test said. A refused
 * Save or Test keeps the typing and names each bad field; a Save clears the write-only secret. A
 * Save names the revision last loaded; when it is refused as stale, reload takes the new revision
 * and keeps the typing.
 */
export function useModuleForm<D, V extends Revised>(steps: ModuleFormSteps<D, V>) {
  const [view, setView] = useState<V | null>(null);
  const [draft, setDraft] = useState<D | null>(null);
  const [problem, setProblem] = useState<AdminProblem | null>(null);
  const [saved, setSaved] = useState(false);
  const [finding, setFinding] = useState<string | null>(null);
  const { load, draftOf } = steps;
  useEffect(() => {
    load().then(
      (next) => (setView(next), setDraft(draftOf(next))),
      (error: unknown) => setProblem(problemOf(error)),
    );
  }, [load, draftOf]);
  const run = useCallback(
    async (what: 'save' | 'test') => {
      if (!draft || !view) return;
      setSaved(false);
      setFinding(null);
      const local = steps.problem(draft);
      if (local) return setProblem(local);
      try {
        if (what === 'test') setFinding(await steps.test(draft));
        else {
          const next = await steps.save(draft, view.revision);
          setView(next);
          setDraft({ ...draft, ...secretCleared(steps.draftOf(next), draft) });
          setSaved(true);
        }
        setProblem(null);
      } catch (error) {
        setProblem(refusalOf(error));
      }
    },
    [draft, view, steps],
  );
  const edit = (next: D) => (setDraft(next), setSaved(false));
  // Someone else saved meanwhile: take their revision (and whether a secret is kept), keep this form's typing.
  const reload = useCallback(async () => {
    try {
      setView(await load());
      setProblem(null);
    } catch (error) {
      setProblem(problemOf(error));
    }
  }, [load]);
  return { view, draft, problem, saved, finding, edit, run, reload };
}

/** After a save, the write-only secrets are empty again (the server keeps them); the rest stays as typed. */
function secretCleared<D>(loaded: D, typed: D): Partial<D> {
  const out: Partial<D> = {};
  for (const key of ['bindPassword', 'clientSecret'] as const)
    if (key in (typed as object)) (out as Record<string, unknown>)[key] = (loaded as Record<string, unknown>)[key];
  return out;
}
