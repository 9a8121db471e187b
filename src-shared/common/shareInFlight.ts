/**
 * Wraps an async lookup so that calls with the same key while one is still running share
 * its answer instead of starting another. Nothing is kept once it settles: a later call
 * looks again. The gateway checks every session's sign-in on one shared tick, and one
 * person's sessions share a token, so a tick asks the token store once per token.
 */
export function shareInFlight<T>(lookup: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const running = new Map<string, Promise<T>>();
  return (key) => {
    const known = running.get(key);
    if (known) return known;
    const started = lookup(key).finally(() => running.delete(key));
    running.set(key, started);
    return started;
  };
}
