import { describe, expect, it } from 'vitest';
import { instructionOfBytes } from '../../../e2e/support/guacSizes';
import { clientInstructionProblem, fitsInstructionLimit, instructionBytes } from './clientCheck';
import { GuacDecoder } from './decoder';
import { encodeInstruction } from './encoder';
import { guacLimits } from './limits';

const owner = { argvPending: false, readOnly: false };

describe("a client's instruction towards guacd", () => {
  it.each([[['nop']], [['key', '65307', '1']], [['name', 'fixture-wätcher-👀']], [['blob', '0', '']]])(
    'counts %j as guacd reads it (UTF-8 bytes of the encoded instruction)',
    (instruction) => {
      expect(instructionBytes(instruction)).toBe(Buffer.byteLength(encodeInstruction(instruction)));
    },
  );

  it("passes an instruction of exactly guacd's 32 KiB limit and refuses one byte more, naming the opcode and the size", () => {
    const atLimit = instructionOfBytes('blob', guacLimits.maxInstructionBytes);
    const over = instructionOfBytes('blob', guacLimits.maxInstructionBytes + 1);
    expect(Buffer.byteLength(encodeInstruction(atLimit))).toBe(32_768);
    expect(fitsInstructionLimit(atLimit)).toBe(true);
    expect(clientInstructionProblem(atLimit, owner)).toBeNull();
    expect(fitsInstructionLimit(over)).toBe(false);
    expect(clientInstructionProblem(over, owner)).toBe('"blob" of 32769 bytes, over guacd\'s limit of 32768');
    // The same limit our decoder (guacd's side of the wire) enforces: it agrees on both.
    expect(new GuacDecoder().decode(encodeInstruction(atLimit))).toHaveLength(1);
    expect(() => new GuacDecoder().decode(encodeInstruction(over))).toThrow(/exceeds 32768 bytes/);
  });

  it('counts characters outside ASCII by their UTF-8 bytes, not by UTF-16 units', () => {
    // 8000 four-byte characters in each of 2 elements: 16,000 units each but 32,000 bytes each.
    const wide = ['clipboard', '😀'.repeat(4000), '😀'.repeat(4000)];
    expect(instructionBytes(wide)).toBe(Buffer.byteLength(encodeInstruction(wide)));
    expect(fitsInstructionLimit(wide)).toBe(true);
    expect(fitsInstructionLimit(['clipboard', '😀'.repeat(8192)])).toBe(false);
  });

  it('names an opcode a client may not send', () => {
    expect(clientInstructionProblem(['select', 'vnc'], owner)).toBe('"select"');
    expect(clientInstructionProblem(['argv', '0', 'text/plain', 'password'], owner)).toBe('"argv"');
    expect(clientInstructionProblem(['argv', '0', 'text/plain', 'password'], { argvPending: true })).toBeNull();
  });
});
