import { useEffect, useState } from 'react';
import type { Resources } from '@shared/common/api/controlPlane/resources';
import { useApi } from '../bridge/apiContext';

/** The computers the person may reach, grouped by policy, or why they could not be loaded; `retry` loads them again. */
export function useResourceList() {
  const api = useApi();
  const [data, setData] = useState<Resources | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    api.resources.list({}).then(
      (next) => {
        if (!live) return;
        setData(next);
        setProblem(null);
      },
      (error: unknown) => live && setProblem(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      live = false;
    };
  }, [api, attempt]);

  return { data, problem, retry: () => setAttempt((n) => n + 1) };
}
