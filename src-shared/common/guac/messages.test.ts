import { describe, expect, it } from 'vitest';
import { decodeInstructions } from './decoder';
import { readTunnelError, tunnelErrorFrame } from './messages';

describe("the tunnel's error frame", () => {
  it('is one instruction: the empty opcode, the tag, the code, the message and the guac status', () => {
    expect(decodeInstructions(tunnelErrorFrame({ code: 'PROTOCOL_VIOLATION', message: 'No.' }, 0x0303))).toEqual([
      ['', 'openpsm.error', 'PROTOCOL_VIOLATION', 'No.', '771'],
    ]);
  });

  it('reads back what it wrote, an unknown code as the reader says, and nothing from other instructions', () => {
    const [written] = decodeInstructions(tunnelErrorFrame({ code: 'GUACD_CLOSED', message: 'Lost.' }, 0x0205));
    expect(readTunnelError(written ?? [], 'INTERNAL')).toEqual({ code: 'GUACD_CLOSED', message: 'Lost.' });
    expect(readTunnelError(['', 'openpsm.error', 'FROM_A_NEWER_SERVER', 'Odd.'], 'SESSION_FAILED')).toEqual({
      code: 'SESSION_FAILED',
      message: 'Odd.',
    });
    expect(readTunnelError(['', 'openpsm.ready', 'x'], 'INTERNAL')).toBeNull();
    expect(readTunnelError(['sync', '1'], 'INTERNAL')).toBeNull();
  });
});
