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

type Kept = { at: number; answer: Promise<Reachability>; settled?: Reachability };

/** How many host:port answers the cache keeps; past it, the hosts asked about first are dropped. */
export const reachabilityCacheLimit = 10_000;

/**
 * Each host:port's reachability, kept for `cacheMs`: My Resources asks for every row at each
 * load, and a computer is connected to at most once per period (concurrent asks share one).
 * Kept by host, then port: a row's host is the same string at each load (reachCache.ts), its hash
 * already known, where a "host:port" key would be a new string to hash on every row.
 */
export class ReachabilityCache {
  private readonly known = new Map<string, Map<number, Kept>>();
  private size = 0;

  constructor(
    private readonly timeoutMs: number,
    private readonly cacheMs: number,
    private readonly probe: typeof tcpReachable = tcpReachable,
    private readonly now: () => number = Date.now,
    private readonly limit = reachabilityCacheLimit,
  ) {}

  /** The kept answer itself once the check is over (nothing to wait for), else the check under way. */
  check(host: string, port: number): Reachability | Promise<Reachability> {
    const at = this.now();
    const ports = this.known.get(host) ?? new Map<number, Kept>();
    const kept = ports.get(port);
    if (kept && at - kept.at < this.cacheMs) return kept.settled ?? kept.answer;
    const answer = this.probe(host, port, this.timeoutMs);
    const entry: Kept = { at, answer };
    void answer.then((settled) => (entry.settled = settled));
    if (!kept) this.size += 1;
    ports.set(port, entry);
    if (ports.size === 1) this.known.set(host, ports);
    while (this.size > this.limit) this.dropFirstHost();
    return answer;
  }

  private dropFirstHost() {
    const [host, ports] = this.known.entries().next().value as [string, Map<number, Kept>];
    this.known.delete(host);
    this.size -= ports.size;
  }
}
