import { describe, expect, it } from 'vitest';
import { fittingCount } from './SessionTabStrip';

describe('fittingCount', () => {
  it('shows every tab when all end inside the strip', () => {
    const tabs = [{ right: 100 }, { right: 200 }, { right: 300 }, { right: 400 }];
    expect(fittingCount({ right: 400 }, tabs, 64)).toBe(4);
    expect(fittingCount({ right: 1000 }, tabs, 64)).toBe(4);
  });
  it('else leaves room for the overflow button', () => {
    const tabs = [{ right: 100 }, { right: 200 }, { right: 300 }, { right: 400 }];
    expect(fittingCount({ right: 399 }, tabs, 64)).toBe(3);
    expect(fittingCount({ right: 363 }, tabs, 64)).toBe(2);
    expect(fittingCount({ right: 150 }, tabs, 64)).toBe(0);
  });
  it('ignores sub-pixel rounding at the edge', () => {
    expect(fittingCount({ right: 300 }, [{ right: 300.4 }], 64)).toBe(1);
  });
});
