import { close, frame, ping, text } from './rawFrames';

/** One malformed input for a WebSocket server, and who ends the connection after it. */
export interface FrameCase {
  name: string;
  bytes(): Buffer;
  /** 'server': the server must close the socket; 'client': we end our side after writing (the server cannot know more is not coming). */
  closedBy: 'server' | 'client';
}

const twoMiB = 2 * 1024 * 1024;

/** Each kind of malformed frame issue 19 lists, and a few more of RFC 6455's MUST-fail cases. */
export const malformedFrames: FrameCase[] = [
  // The reviewer's frame: a 14-byte header (2 + 8-byte length + 4-byte mask) announcing 2 MiB, over maxPayload.
  {
    name: 'an oversized frame (a 14-byte header announcing 2 MiB)',
    bytes: () => frame({ opcode: 1, announce: twoMiB }),
    closedBy: 'server',
  },
  { name: 'a reserved (bad) opcode', bytes: () => frame({ opcode: 3, payload: Buffer.from('x') }), closedBy: 'server' },
  {
    name: 'invalid UTF-8 in a text frame',
    bytes: () => text(Buffer.from([0x5b, 0xc3, 0x28, 0xff, 0x5d])),
    closedBy: 'server',
  },
  { name: 'a frame after close', bytes: () => Buffer.concat([close(1000), text('[["nop"]]')]), closedBy: 'server' },
  { name: 'a truncated frame', bytes: () => text('x'.repeat(100)).subarray(0, 20), closedBy: 'client' },
  { name: 'an unmasked client frame', bytes: () => text('[["nop"]]', { masked: false }), closedBy: 'server' },
  { name: 'RSV bits without an extension', bytes: () => text('[["nop"]]', { rsv: 7 }), closedBy: 'server' },
  {
    name: 'a fragmented control frame',
    bytes: () => frame({ opcode: 9, fin: false, payload: Buffer.from('p') }),
    closedBy: 'server',
  },
  { name: 'a control frame over 125 bytes', bytes: () => ping(Buffer.alloc(126, 0x61)), closedBy: 'server' },
  {
    name: 'a continuation with nothing to continue',
    bytes: () => frame({ opcode: 0, payload: Buffer.from('x') }),
    closedBy: 'server',
  },
  { name: 'a close frame with an invalid code', bytes: () => close(999), closedBy: 'server' },
  {
    name: 'a 64-bit length with the top bit set',
    bytes: () => Buffer.concat([Buffer.from([0x81, 0xff, 0x80, 0, 0, 0, 0, 0, 0, 1]), Buffer.alloc(4)]),
    closedBy: 'server',
  },
];
