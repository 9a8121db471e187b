import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionDeadline } from './sessionDeadline';

type Name = 'token' | 'maxDuration' | 'window';

/** A clock with a 5-minute warning, recording what it said and when (ms after the start). */
function clock() {
  const start = Date.now();
  const said: string[] = [];
  const deadline = new SessionDeadline<Name>(5 * 60_000, {
    warn: (name, at) => said.push(`${(Date.now() - start) / 60_000} min: warn ${name} at ${(at - start) / 60_000} min`),
    end: (name) => said.push(`${(Date.now() - start) / 60_000} min: end ${name}`),
  });
  const min = (n: number) => start + n * 60_000;
  return { deadline, said, min };
}

describe('the session-end clock', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ends at the earliest limit with its name, after warning the set time before a firm one', () => {
    const { deadline, said, min } = clock();
    deadline.set('token', { at: min(10), firm: false });
    deadline.set('maxDuration', { at: min(60), firm: true });
    vi.advanceTimersByTime(9 * 60_000);
    // The token is refreshed before it runs out, every time: only the policy's limit remains.
    deadline.set('token', { at: min(19), firm: false });
    vi.advanceTimersByTime(9 * 60_000);
    deadline.set('token', { at: min(70), firm: false });
    vi.advanceTimersByTime(60 * 60_000);
    expect(said).toEqual(['55 min: warn maxDuration at 60 min', '60 min: end maxDuration']);
  });

  it('ends at the token when it is not refreshed, and never warns about a renewable limit', () => {
    const { deadline, said, min } = clock();
    deadline.set('token', { at: min(10), firm: false });
    deadline.set('maxDuration', { at: min(60), firm: true });
    vi.advanceTimersByTime(120 * 60_000);
    expect(said).toEqual(['10 min: end token']);
  });

  it('warns at once when the session is shorter than the warning, and runs one timer whatever the number of limits', () => {
    const { deadline, said, min } = clock();
    const before = vi.getTimerCount();
    deadline.set('token', { at: min(10), firm: false });
    deadline.set('maxDuration', { at: min(3), firm: true });
    deadline.set('window', { at: min(4), firm: true });
    expect(vi.getTimerCount() - before).toBe(1);
    vi.advanceTimersByTime(0);
    expect(said).toEqual(['0 min: warn maxDuration at 3 min']);
    vi.advanceTimersByTime(10 * 60_000);
    expect(said).toEqual(['0 min: warn maxDuration at 3 min', '3 min: end maxDuration']);
    expect(vi.getTimerCount() - before).toBe(0);
  });

  it('warns again when a nearer firm limit is added later (an access window closing first)', () => {
    const { deadline, said, min } = clock();
    deadline.set('maxDuration', { at: min(60), firm: true });
    vi.advanceTimersByTime(20 * 60_000);
    deadline.set('window', { at: min(30), firm: true });
    vi.advanceTimersByTime(60 * 60_000);
    expect(said).toEqual(['25 min: warn window at 30 min', '30 min: end window']);
  });

  it('says nothing more once stopped', () => {
    const { deadline, said, min } = clock();
    deadline.set('maxDuration', { at: min(1), firm: true });
    deadline.stop();
    vi.advanceTimersByTime(5 * 60_000);
    deadline.set('token', { at: min(6), firm: false });
    vi.advanceTimersByTime(5 * 60_000);
    expect(said).toEqual([]);
    expect(deadline.earliest()?.name).toBe('maxDuration');
  });

  it('holds a limit beyond the longest timer (weeks) by re-arming on the way', () => {
    const { deadline, said, min } = clock();
    deadline.set('maxDuration', { at: min(7 * 24 * 60 * 5), firm: true });
    vi.advanceTimersByTime(7 * 24 * 3600_000 * 5 - 5 * 60_000 - 1);
    expect(said).toEqual([]);
    vi.advanceTimersByTime(5 * 60_000 + 1);
    expect(said).toEqual([
      `${7 * 24 * 60 * 5 - 5} min: warn maxDuration at ${7 * 24 * 60 * 5} min`,
      `${7 * 24 * 60 * 5} min: end maxDuration`,
    ]);
  });
});
