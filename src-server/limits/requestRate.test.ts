import { describe, expect, it } from 'vitest';
import { RequestRate } from './requestRate';

describe('RequestRate', () => {
  it('lets a burst through, then the per-minute rate, per address', () => {
    let now = 0;
    const rate = new RequestRate(60, 3, () => now);
    expect([rate.take('a'), rate.take('a'), rate.take('a'), rate.take('a')]).toEqual([null, null, null, 1]);
    expect(rate.take('b')).toBeNull();
    now = 1000;
    expect([rate.take('a'), rate.take('a')]).toEqual([null, 1]);
    now = 60_000;
    expect([rate.take('a'), rate.take('a'), rate.take('a'), rate.take('a')]).toEqual([null, null, null, 1]);
  });

  it('says how long until the next request at a slow rate', () => {
    const rate = new RequestRate(2, 1, () => 0);
    expect(rate.take('a')).toBeNull();
    expect(rate.take('a')).toBe(30);
  });

  it('is off at 0 a minute', () => {
    const rate = new RequestRate(0, 1);
    for (let i = 0; i < 100; i += 1) expect(rate.take('a')).toBeNull();
  });
});
