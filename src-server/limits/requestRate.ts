/** The most addresses remembered at once; past it the fullest buckets (idle longest) go first. */
const maxAddresses = 50_000;

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per client address, in memory: `burst` requests at once, then
 * `perMinute` a minute. For anonymous requests that write rows (`/auth`, the login forms),
 * so one address cannot grow the database. `perMinute` 0 switches it off.
 */
export class RequestRate {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly perMinute: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Null when the request may go ahead (and is counted); else the seconds until one may. */
  take(address: string): number | null {
    if (this.perMinute === 0) return null;
    const now = this.now();
    const perMs = this.perMinute / 60_000;
    const found = this.buckets.get(address);
    const tokens = found ? Math.min(this.burst, found.tokens + (now - found.at) * perMs) : this.burst;
    if (tokens < 1) {
      this.buckets.set(address, { tokens, at: now });
      return Math.max(1, Math.ceil((1 - tokens) / perMs / 1000));
    }
    this.buckets.delete(address);
    this.buckets.set(address, { tokens: tokens - 1, at: now });
    if (this.buckets.size > maxAddresses) this.forgetFull(now);
    return null;
  }

  /** The seconds until this address may send again, without counting a request; null when it may now. */
  waiting(address: string): number | null {
    const found = this.buckets.get(address);
    if (this.perMinute === 0 || !found) return null;
    const perMs = this.perMinute / 60_000;
    const tokens = Math.min(this.burst, found.tokens + (this.now() - found.at) * perMs);
    return tokens >= 1 ? null : Math.max(1, Math.ceil((1 - tokens) / perMs / 1000));
  }

  /** Drops buckets that have filled up again: they hold nothing a fresh one would not. */
  private forgetFull(now: number): void {
    const perMs = this.perMinute / 60_000;
    for (const [address, bucket] of this.buckets)
      if (bucket.tokens + (now - bucket.at) * perMs >= this.burst) this.buckets.delete(address);
    // Still full of busy addresses: drop the oldest (Map keeps insertion order, refreshed on each take).
    for (const address of this.buckets.keys()) {
      if (this.buckets.size <= maxAddresses) break;
      this.buckets.delete(address);
    }
  }
}
