import { describe, expect, it } from 'vitest';
import { readTunnelError, tunnelErrorFrame } from './messages';

describe("the tunnel's error frame", () => {
  it('is one instruction: the empty opcode, the tag, the code and the message', () => {
    expect(JSON.parse(tunnelErrorFrame({ code: 'PROTOCOL_VIOLATION', message: 'No.' }))).toEqual([
      ['', 'openpsm.error', 'PROTOCOL_VIOLATION', 'No.'],
    ]);
  });

  it('reads back what it wrote, an unknown code as the reader says, and nothing from other instructions', () => {
    const [written] = JSON.parse(tunnelErrorFrame({ code: 'GUACD_CLOSED', message: 'Lost.' })) as string[][];
    expect(readTunnelError(written ?? [], 'INTERNAL')).toEqual({ code: 'GUACD_CLOSED', message: 'Lost.' });
    expect(readTunnelError(['', 'openpsm.error', 'FROM_A_NEWER_SERVER', 'Odd.'], 'SESSION_FAILED')).toEqual({
      code: 'SESSION_FAILED',
      message: 'Odd.',
    });
    expect(readTunnelError(['', 'openpsm.ready', 'x'], 'INTERNAL')).toBeNull();
    expect(readTunnelError(['sync', '1'], 'INTERNAL')).toBeNull();
  });
});
