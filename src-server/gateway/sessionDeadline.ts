/** One limit on how long a session may run. */
export interface SessionLimit {
  /** When it is reached (epoch ms). */
  at: number;
  /**
   * A firm limit (the policy's maximum duration, an access window) is announced to the owner
   * before it ends the session; a renewable one (the sign-in's token, which each refresh
   * replaces) is not, or the owner would be warned at every refresh.
   */
  firm: boolean;
}

export interface DeadlineEvents<Name extends string> {
  /** The earliest firm limit is `warnBeforeMs` away or less: tell the owner. Once per time it is at. */
  warn(name: Name, at: number): void;
  /** The earliest limit is reached: the session ends. Once. */
  end(name: Name): void;
}

/** setTimeout's longest delay; a later deadline re-arms on the way. */
const longestDelay = 2 ** 31 - 1;

/**
 * The one clock for the end of a session: it holds named limits and ends the session at the
 * earliest, with that limit's name, so the caller can say why. A limit that changes (a
 * refreshed token) re-arms the same single timer; adding a kind of limit adds a name, not a
 * timer. The owner is warned once before the earliest firm limit.
 */
export class SessionDeadline<Name extends string> {
  private readonly limits = new Map<Name, SessionLimit>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private warnedFor: number | null = null;
  private over = false;

  constructor(
    private readonly warnBeforeMs: number,
    private readonly events: DeadlineEvents<Name>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Sets or moves a limit, and re-arms the clock. */
  set(name: Name, limit: SessionLimit): void {
    this.limits.set(name, limit);
    this.arm();
  }

  /** The earliest limit (what ends the session), or the earliest firm one; null when none is set. */
  earliest(firmOnly = false): ({ name: Name } & SessionLimit) | null {
    let found: ({ name: Name } & SessionLimit) | null = null;
    for (const [name, limit] of this.limits)
      if ((!firmOnly || limit.firm) && (!found || limit.at < found.at)) found = { name, ...limit };
    return found;
  }

  /** Stops the clock (the session ended another way). */
  stop(): void {
    this.over = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const end = this.earliest();
    if (this.over || !end) return;
    let next = end.at;
    const warning = this.pendingWarning();
    if (warning !== null) next = Math.min(next, warning);
    this.timer = setTimeout(() => this.fire(), Math.min(longestDelay, Math.max(0, next - this.now())));
  }

  /** When the earliest firm limit's warning is due, unless it was given for that time already. */
  private pendingWarning(): number | null {
    const firm = this.earliest(true);
    return firm && firm.at !== this.warnedFor ? firm.at - this.warnBeforeMs : null;
  }

  private fire(): void {
    this.timer = null;
    const now = this.now();
    const end = this.earliest();
    if (end && end.at <= now) {
      this.stop();
      this.events.end(end.name);
      return;
    }
    const firm = this.earliest(true);
    const warning = this.pendingWarning();
    if (firm && warning !== null && warning <= now) {
      this.warnedFor = firm.at;
      this.events.warn(firm.name, firm.at);
    }
    this.arm();
  }
}
