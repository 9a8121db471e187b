import { useCallback, useEffect, useState } from 'react';
import type { Recording, RecordingFilter } from '@shared/common/api/recordings';
import { OpenPsmError } from '@shared/common/errors';
import { useApi } from '../bridge/apiContext';

/** How often the list refreshes while a recording is being written or stored. */
const refreshMs = 2000;

/**
 * The recordings matching the applied filters (blank values left out), fetched again when
 * they change, and every two seconds while one is still being written or stored.
 */
export function useRecordingList() {
  const api = useApi();
  const [recordings, setRecordings] = useState<Recording[] | null>(null);
  const [problem, setProblem] = useState<{ code: string; message: string } | null>(null);

  const search = useCallback(
    (values: Record<string, string>) => {
      const filter: RecordingFilter = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''));
      api.recordings.list(filter).then(
        (found) => {
          setProblem(null);
          setRecordings(found.recordings);
        },
        (error: unknown) => {
          const e = error instanceof OpenPsmError ? error : new OpenPsmError('INTERNAL');
          setProblem({ code: e.code, message: e.message });
        },
      );
    },
    [api],
  );
  const [applied, setApplied] = useState<Record<string, string>>({});
  useEffect(() => search(applied), [search, applied]);
  // While a recording is being written or stored, the list refreshes by itself.
  const unsettled = recordings?.some((r) => r.status === 'recording' || r.status === 'uploading') ?? false;
  useEffect(() => {
    if (!unsettled) return undefined;
    const timer = setInterval(() => search(applied), refreshMs);
    return () => clearInterval(timer);
  }, [unsettled, search, applied]);

  return { recordings, setRecordings, problem, setProblem, setApplied };
}
