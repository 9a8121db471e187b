import { describe, expect, it } from 'vitest';
import { neverConnected } from './neverConnected';

describe('neverConnected', () => {
  it('is true for a finished recording of 0 s', () => {
    expect(neverConnected({ status: 'stored', durationMs: 0 })).toBe(true);
    expect(neverConnected({ status: 'not_uploaded', durationMs: 0 })).toBe(true);
  });
  it('is false for a recording with a length, one still recording, or one not measured', () => {
    expect(neverConnected({ status: 'stored', durationMs: 1200 })).toBe(false);
    expect(neverConnected({ status: 'recording', durationMs: 0 })).toBe(false);
    expect(neverConnected({ status: 'stored', durationMs: null })).toBe(false);
  });
});
