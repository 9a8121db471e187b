/**
 * Something that ends once, with a reason: listeners hear it when it ends, and a listener
 * added afterwards hears it too (on the next microtask), so a late subscriber never misses why.
 */
export class EndSignal<R> {
  private readonly listeners = new Set<(reason: R) => void>();
  private done = false;
  private reason: R | undefined;

  get ended(): boolean {
    return this.done;
  }

  /** Subscribes; returns the unsubscribe function. */
  on(listener: (reason: R) => void): () => void {
    if (this.done) {
      const reason = this.reason as R;
      void Promise.resolve().then(() => listener(reason));
      return () => undefined;
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Ends with `reason` and tells every listener; later calls do nothing. */
  end(reason: R): void {
    if (this.done) return;
    this.done = true;
    this.reason = reason;
    for (const listener of this.listeners) listener(reason);
  }
}
