import { useCallback, useState } from 'react';

/** The session tabs that are live (connecting or connected), by key, and the setter SessionView reports through. */
export function useLiveKeys(): [Set<string>, (key: string, live: boolean) => void] {
  const [live, setLive] = useState<Set<string>>(() => new Set());
  const report = useCallback(
    (key: string, now: boolean) =>
      setLive((keys) => {
        if (keys.has(key) === now) return keys;
        const next = new Set(keys);
        if (now) next.add(key);
        else next.delete(key);
        return next;
      }),
    [],
  );
  return [live, report];
}
