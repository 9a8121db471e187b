import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { ReachabilityCache, tcpReachable } from './reachability';

describe("a computer's reachability", () => {
  it('is reachable while something listens on its port, and unreachable once nothing does', async () => {
    const server = net.createServer((s) => s.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    expect(await tcpReachable('127.0.0.1', port, 1000)).toBe('reachable');
    await new Promise((resolve) => server.close(resolve));
    expect(await tcpReachable('127.0.0.1', port, 1000)).toBe('unreachable');
  });

  it('gives up after the timeout on an address that never answers', async () => {
    const started = Date.now();
    // 192.0.2.0/24 is TEST-NET-1: packets to it go nowhere.
    expect(await tcpReachable('192.0.2.1', 22, 200)).toBe('unreachable');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('connects to a computer once per cache period, however often My Resources asks', async () => {
    const probe = vi.fn(() => Promise.resolve('reachable' as const));
    let now = 0;
    const cache = new ReachabilityCache(1000, 30_000, probe, () => now);
    await Promise.all([cache.check('a', 22), cache.check('a', 22), cache.check('b', 22)]);
    now = 29_999;
    await cache.check('a', 22);
    expect(probe).toHaveBeenCalledTimes(2);
    now = 30_000;
    await cache.check('a', 22);
    expect(probe).toHaveBeenCalledTimes(3);
  });

  it('answers at once, with nothing to wait for, once a check is over', async () => {
    let answer: (value: 'unreachable') => void = () => undefined;
    const cache = new ReachabilityCache(1000, 30_000, () => new Promise((resolve) => (answer = resolve)));
    const first = cache.check('a', 22);
    expect(first).toBeInstanceOf(Promise);
    answer('unreachable');
    await first;
    expect(cache.check('a', 22)).toBe('unreachable');
  });

  it('keeps at most its limit of answers, dropping the hosts asked about first', async () => {
    const probe = vi.fn(() => Promise.resolve('reachable' as const));
    const cache = new ReachabilityCache(1000, 30_000, probe, () => 0, 3);
    for (const [host, port] of [
      ['a', 22],
      ['a', 3389],
      ['b', 22],
      ['c', 22],
    ] as const)
      await cache.check(host, port);
    expect(probe).toHaveBeenCalledTimes(4);
    // a's two answers went to make room for c's: b and c are still kept, a is checked again.
    for (const [host, port] of [
      ['b', 22],
      ['c', 22],
      ['a', 22],
    ] as const)
      await cache.check(host, port);
    expect(probe).toHaveBeenCalledTimes(5);
    expect(probe).toHaveBeenLastCalledWith('a', 22, 1000);
  });
});
