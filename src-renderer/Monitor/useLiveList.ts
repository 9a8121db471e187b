import { useEffect, useState } from 'react';
import type { LiveList } from '@shared/common/api/live';
import { OpenPsmError } from '@shared/common/errors';
import { useApi } from '../bridge/apiContext';

/**
 * The running sessions, followed while the caller is mounted: the first list, then each
 * `live.changed` push (the newest version wins), any error as its code, and a clock that
 * ticks every second for the durations.
 */
export function useLiveList() {
  const api = useApi();
  const [list, setList] = useState<LiveList | null>(null);
  const [problem, setProblem] = useState<{ code: string; message: string } | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    let live = true;
    // The newest version wins, whichever way it arrived.
    const take = (next: LiveList) => live && setList((prev) => (prev && prev.version > next.version ? prev : next));
    const fail = (error: unknown) => {
      const e = error instanceof OpenPsmError ? error : new OpenPsmError('INTERNAL');
      if (live) setProblem({ code: e.code, message: e.message });
    };
    const off = api.on('live.changed', take);
    api.live.list({}).then(take, fail);
    api.live.follow({ on: true }).catch(fail);
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      live = false;
      off();
      clearInterval(tick);
      void api.live.follow({ on: false }).catch(() => undefined);
    };
  }, [api]);

  return { list, problem, now };
}
