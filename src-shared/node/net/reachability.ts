import net from 'node:net';

/** What a cheap check of a computer's port says: it accepted a TCP connection in time, or not. */
export type Reachability = 'reachable' | 'unreachable';

/** Opens a TCP connection to host:port and closes it at once; `unreachable` on refusal, error or timeout. */
export function tcpReachable(host: string, port: number, timeoutMs: number): Promise<Reachability> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (answer: Reachability) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => done('unreachable'), timeoutMs);
    socket.once('connect', () => done('reachable'));
    socket.once('error', () => done('unreachable'));
  });
}

/**
 * Each host:port's reachability, kept for `cacheMs`: My Resources asks for every row at each
 * load, and a computer is connected to at most once per period (concurrent asks share one).
 */
export class ReachabilityCache {
  private readonly known = new Map<string, { at: number; answer: Promise<Reachability>; settled?: Reachability }>();

  constructor(
    private readonly timeoutMs: number,
    private readonly cacheMs: number,
    private readonly probe: typeof tcpReachable = tcpReachable,
    private readonly now: () => number = Date.now,
  ) {}

  /** The kept answer itself once the check is over (nothing to wait for), else the check under way. */
  check(host: string, port: number): Reachability | Promise<Reachability> {
    const key = `${host}:${port}`;
    const at = this.now();
    const kept = this.known.get(key);
    if (kept && at - kept.at < this.cacheMs) return kept.settled ?? kept.answer;
    const answer = this.probe(host, port, this.timeoutMs);
    const entry: { at: number; answer: Promise<Reachability>; settled?: Reachability } = { at, answer };
    void answer.then((settled) => (entry.settled = settled));
    this.known.set(key, entry);
    if (this.known.size > 10_000) this.known.delete(this.known.keys().next().value as string);
    return answer;
  }
}
