/**
 * Many periodic callbacks of the same period on one timer. Each idle session used to keep
 * its own intervals (guacd's `nop`, the gateway's sign-in check): with 300 sessions that is
 * 60 `nop` wake-ups a second, each at its own moment. Here callbacks of one period share one
 * `setInterval`, so they run together in a single wake-up.
 *
 * A callback first runs at most one period after it was added (at the group's next tick,
 * never later), then once every period: a keepalive every N ms stays one every N ms. The
 * timer exists only while some callback of its period does, so an idle process can exit.
 */
export class SharedIntervals {
  private readonly groups = new Map<number, { timer: NodeJS.Timeout; callbacks: Set<() => void> }>();

  /** Runs `callback` every `periodMs`; returns how to stop it (safe to call more than once). */
  every(periodMs: number, callback: () => void): () => void {
    let group = this.groups.get(periodMs);
    if (!group) {
      const callbacks = new Set<() => void>();
      group = { callbacks, timer: setInterval(() => runAll(callbacks), periodMs) };
      this.groups.set(periodMs, group);
    }
    // Each registration is its own entry, so one callback added twice runs twice, as two intervals would.
    const entry = () => callback();
    group.callbacks.add(entry);
    const { callbacks, timer } = group;
    return () => {
      if (!callbacks.delete(entry) || callbacks.size > 0) return;
      clearInterval(timer);
      if (this.groups.get(periodMs)?.timer === timer) this.groups.delete(periodMs);
    };
  }

  /** How many periodic timers are running (one per period in use). */
  get timers(): number {
    return this.groups.size;
  }
}

/** Runs every callback of a tick; one that throws does not stop the others, and its error is thrown after them. */
function runAll(callbacks: Set<() => void>): void {
  let failure: { error: unknown } | null = null;
  // A copy: callbacks added during this tick first run at the next one; ones removed during it do not run.
  for (const callback of [...callbacks]) {
    if (!callbacks.has(callback)) continue;
    try {
      callback();
    } catch (error) {
      failure ??= { error };
    }
  }
  if (failure) throw failure.error;
}

/** The process's one set of shared intervals (sessions of every relay use it). */
export const sharedIntervals = new SharedIntervals();
