import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSizeSender, type ScreenSize } from './screenSize';

describe('the size sender', () => {
  let sent: ScreenSize[];
  let sizes: ReturnType<typeof createSizeSender>;
  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    sizes = createSizeSender((size) => sent.push(size), 250);
  });
  afterEach(() => {
    sizes.dispose();
    vi.useRealTimers();
  });

  it("sends nothing before guacd's first frame, then the last size asked for", () => {
    sizes.want({ width: 1232, height: 620 });
    sizes.want({ width: 976.6, height: 652.2 });
    vi.advanceTimersByTime(5_000);
    expect(sent).toEqual([]);
    sizes.firstFrame();
    vi.advanceTimersByTime(0);
    expect(sent).toEqual([{ width: 976, height: 652 }]);
  });

  it('coalesces a burst of resizes: at most one size per interval, the last one wins, none repeated', () => {
    sizes.firstFrame();
    sizes.want({ width: 800, height: 600 });
    vi.advanceTimersByTime(0);
    for (let w = 801; w <= 900; w += 1) {
      sizes.want({ width: w, height: 600 });
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(250);
    sizes.want({ width: 900, height: 600 });
    vi.advanceTimersByTime(1_000);
    expect(sent.length).toBeLessThanOrEqual(1 + Math.ceil(1000 / 250) + 1);
    expect(sent.at(-1)).toEqual({ width: 900, height: 600 });
    expect(new Set(sent.map((s) => `${s.width}x${s.height}`)).size).toBe(sent.length);
  });

  it('sends nothing after it is disposed', () => {
    sizes.want({ width: 800, height: 600 });
    sizes.firstFrame();
    sizes.dispose();
    vi.advanceTimersByTime(1_000);
    expect(sent).toEqual([]);
  });
});
