import { describe, expect, it } from 'vitest';
import { readOwnerMessage } from './ownerInput';

const message = (...batch: string[][]) => JSON.stringify(batch);

describe("the gateway's reading of an owner's message", () => {
  it('passes allowed input, takes forwarded tokens aside, and stops at the first problem', () => {
    expect(readOwnerMessage(message(['key', '65', '1'], ['', 'openpsm.token', 'token-2'], ['nop']), new Set())).toEqual(
      { pass: [['key', '65', '1'], ['nop']], tokens: ['token-2'], problem: null },
    );
    expect(readOwnerMessage(message(['key', '65', '1'], ['select', 'vnc'], ['nop']), new Set())).toEqual({
      pass: [['key', '65', '1']],
      tokens: [],
      problem: { opcode: 'select', detail: '"select"' },
    });
    expect(readOwnerMessage('not json', new Set()).problem?.detail).toBe('"(malformed message)"');
  });

  it('spends the argv allowance with the answer: a second argv for the name is a problem', () => {
    const pending = new Set(['password', 'domain']);
    const first = readOwnerMessage(
      message(['argv', '0', 'text/plain', 'password'], ['blob', '0', 'cw=='], ['end', '0']),
      pending,
    );
    expect(first.problem).toBeNull();
    expect([...pending]).toEqual(['domain']);
    expect(readOwnerMessage(message(['argv', '1', 'text/plain', 'password']), pending).problem).toEqual({
      opcode: 'argv',
      detail: '"argv"',
    });
    expect(readOwnerMessage(message(['argv', '2', 'text/plain', 'domain']), pending).problem).toBeNull();
  });
});
