import { describe, expect, it } from 'vitest';
import { EndSignal } from './endSignal';

describe('EndSignal', () => {
  it('tells listeners once, with the first reason, and a late listener too', async () => {
    const signal = new EndSignal<string | null>();
    const heard: Array<string | null> = [];
    const off = signal.on((r) => heard.push(`a:${r}`));
    signal.on((r) => heard.push(`b:${r}`));
    off();
    expect(signal.ended).toBe(false);
    signal.end('first');
    signal.end('second');
    expect(signal.ended).toBe(true);
    expect(heard).toEqual(['b:first']);
    const late = await new Promise((resolve) => signal.on(resolve));
    expect(late).toBe('first');
  });
});
