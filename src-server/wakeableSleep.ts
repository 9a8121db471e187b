/**
 * Waits `ms`, or less: each waiting sleep puts its waker in `wakers`, and calling one ends
 * that sleep at once (a change to announce, a shutdown). A waker removes itself either way.
 */
export function wakeableSleep(ms: number, wakers: Set<() => void>): Promise<void> {
  return new Promise((resolve) => {
    const wake = () => {
      clearTimeout(timer);
      wakers.delete(wake);
      resolve();
    };
    const timer = setTimeout(wake, ms);
    wakers.add(wake);
  });
}
