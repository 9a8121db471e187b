import { describe, expect, it } from 'vitest';
import { fittingCount } from './SessionTabStrip';

describe('fittingCount', () => {
  it('counts the tabs that end inside the strip, left to right', () => {
    const tabs = [{ right: 100 }, { right: 200 }, { right: 300 }, { right: 400 }];
    expect(fittingCount({ right: 300 }, tabs)).toBe(3);
    expect(fittingCount({ right: 299 }, tabs)).toBe(2);
    expect(fittingCount({ right: 1000 }, tabs)).toBe(4);
    expect(fittingCount({ right: 50 }, tabs)).toBe(0);
  });
  it('ignores sub-pixel rounding at the edge', () => {
    expect(fittingCount({ right: 300 }, [{ right: 300.4 }])).toBe(1);
  });
});
