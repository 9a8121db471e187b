/** Calls `onIdle` once nothing touched it for `ms`; restarted by `touch`. */
export class IdleTimer {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private ms = 0;

  constructor(private readonly onIdle: () => void) {}

  start(ms: number): void {
    this.ms = ms;
    this.touch();
  }

  /** Something happened: the count starts again. Does nothing while stopped. */
  touch(): void {
    if (this.ms <= 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.stop();
      this.onIdle();
    }, this.ms);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.ms = 0;
  }

  get running(): boolean {
    return this.timer !== null;
  }
}
