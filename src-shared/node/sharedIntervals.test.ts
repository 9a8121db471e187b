import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SharedIntervals } from './sharedIntervals';

describe('SharedIntervals', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs N callbacks of one period from one timer, each once per period', () => {
    const intervals = new SharedIntervals();
    const counts = Array.from({ length: 300 }, () => 0);
    const stops = counts.map((_, i) => intervals.every(5000, () => (counts[i] = (counts[i] as number) + 1)));
    expect(intervals.timers).toBe(1);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(4999);
    expect(counts.every((c) => c === 0)).toBe(true);
    vi.advanceTimersByTime(1);
    expect(counts.every((c) => c === 1)).toBe(true);
    vi.advanceTimersByTime(15_000);
    expect(counts.every((c) => c === 4)).toBe(true);
    for (const stop of stops) stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('runs a late-added callback no later than one period after it was added, then every period', () => {
    const intervals = new SharedIntervals();
    intervals.every(5000, () => undefined);
    vi.advanceTimersByTime(3000);
    const at: number[] = [];
    intervals.every(5000, () => at.push(Date.now()));
    const added = Date.now();
    vi.advanceTimersByTime(12_000);
    expect(at.map((t) => t - added)).toEqual([2000, 7000, 12_000]);
  });

  it('keeps one timer per period, and stops each once its last callback is gone', () => {
    const intervals = new SharedIntervals();
    const a = vi.fn();
    const b = vi.fn();
    const stopA = intervals.every(1000, a);
    const stopB = intervals.every(30_000, b);
    expect(intervals.timers).toBe(2);
    vi.advanceTimersByTime(30_000);
    expect(a).toHaveBeenCalledTimes(30);
    expect(b).toHaveBeenCalledTimes(1);
    stopA();
    stopA();
    expect(intervals.timers).toBe(1);
    vi.advanceTimersByTime(30_000);
    expect(a).toHaveBeenCalledTimes(30);
    expect(b).toHaveBeenCalledTimes(2);
    stopB();
    expect(vi.getTimerCount()).toBe(0);
    // A period used again after its timer stopped gets a new one.
    intervals.every(1000, a);
    vi.advanceTimersByTime(1000);
    expect(a).toHaveBeenCalledTimes(31);
  });

  it('does not run a callback removed earlier in the same tick, and runs one added then from the next tick', () => {
    const intervals = new SharedIntervals();
    const late = vi.fn();
    const removed = vi.fn();
    let stopRemoved = () => undefined as void;
    intervals.every(1000, () => {
      stopRemoved();
      intervals.every(1000, late);
    });
    stopRemoved = intervals.every(1000, removed);
    vi.advanceTimersByTime(1000);
    expect(removed).not.toHaveBeenCalled();
    expect(late).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000);
    expect(late).toHaveBeenCalledTimes(1);
  });

  it('runs the other callbacks when one throws, then throws its error', () => {
    const intervals = new SharedIntervals();
    const after = vi.fn();
    intervals.every(1000, () => {
      throw new Error('boom');
    });
    intervals.every(1000, after);
    expect(() => vi.advanceTimersByTime(1000)).toThrow('boom');
    expect(after).toHaveBeenCalledTimes(1);
  });
});
