import { describe, expect, it } from 'vitest';
import { shareInFlight } from './shareInFlight';

describe('shareInFlight', () => {
  it('looks up a key once while that lookup runs, and again after it settled', async () => {
    const asked: string[] = [];
    const lookup = shareInFlight(async (key) => (asked.push(key), `${key}!`));
    const answers = await Promise.all([lookup('a'), lookup('a'), lookup('b'), lookup('a')]);
    expect(answers).toEqual(['a!', 'a!', 'b!', 'a!']);
    expect(asked).toEqual(['a', 'b']);
    expect(await lookup('a')).toBe('a!');
    expect(asked).toEqual(['a', 'b', 'a']);
  });

  it('shares a failure with the calls that waited on it, then looks again', async () => {
    let calls = 0;
    const lookup = shareInFlight(async () => {
      calls += 1;
      if (calls === 1) throw new Error('store down');
      return 'ok';
    });
    const results = await Promise.allSettled([lookup('t'), lookup('t')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await lookup('t')).toBe('ok');
    expect(calls).toBe(2);
  });
});
