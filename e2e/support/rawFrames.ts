import crypto from 'node:crypto';
import net from 'node:net';

/** Test support: WebSocket frames built by hand and written over a plain TCP socket, to reach a server's frame parser with anything. */

export interface FrameSpec {
  opcode: number;
  payload?: Buffer;
  fin?: boolean;
  /** RSV1-3 bits (0-7). */
  rsv?: number;
  /** false sends the frame unmasked, which a server must refuse. */
  masked?: boolean;
  /** The length the header announces, when it should not be the payload's. */
  announce?: number;
}

/** One frame, RFC 6455 §5.2; a client frame is masked unless told otherwise. */
export function frame(spec: FrameSpec): Buffer {
  const payload = spec.payload ?? Buffer.alloc(0);
  const length = spec.announce ?? payload.length;
  const masked = spec.masked ?? true;
  const head = [((spec.fin ?? true) ? 0x80 : 0) | ((spec.rsv ?? 0) << 4) | (spec.opcode & 0x0f)];
  const maskBit = masked ? 0x80 : 0;
  let size: Buffer;
  if (length < 126) size = Buffer.from([maskBit | length]);
  else if (length < 65536) size = Buffer.from([maskBit | 126, length >> 8, length & 0xff]);
  else {
    size = Buffer.alloc(9);
    size[0] = maskBit | 127;
    size.writeBigUInt64BE(BigInt(length), 1);
  }
  if (!masked) return Buffer.concat([Buffer.from(head), size, payload]);
  const mask = crypto.randomBytes(4);
  const body = Buffer.from(payload.map((byte, i) => byte ^ (mask[i % 4] as number)));
  return Buffer.concat([Buffer.from(head), size, mask, body]);
}

export const text = (value: string | Buffer, spec: Partial<FrameSpec> = {}) =>
  frame({ opcode: 1, payload: Buffer.from(value), ...spec });
export const close = (code = 1000) => frame({ opcode: 8, payload: Buffer.from([code >> 8, code & 0xff]) });
export const ping = (payload = Buffer.alloc(0)) => frame({ opcode: 9, payload });

export interface RawSocket {
  socket: net.Socket;
  status: number;
  /** Every byte the server sent after its handshake reply. */
  received(): Buffer;
  /** Resolves once the server (or we) closed the connection. */
  closed: Promise<void>;
}

export interface Upgrade {
  port: number;
  path: string;
  /** Host header; 127.0.0.1:PORT unless told otherwise. */
  host?: string;
  headers?: Record<string, string>;
}

/** A hand-made upgrade handshake on a plain TCP socket; resolves with the HTTP status the server answered. */
export function rawUpgrade(options: Upgrade, timeoutMs = 5000): Promise<RawSocket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(options.port, '127.0.0.1');
    const lines = [
      `GET ${options.path} HTTP/1.1`,
      `Host: ${options.host ?? `127.0.0.1:${options.port}`}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${crypto.randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
    ];
    for (const [name, value] of Object.entries(options.headers ?? {})) lines.push(`${name}: ${value}`);
    let buffered = Buffer.alloc(0);
    let body: Buffer[] | null = null;
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no handshake reply on ${options.path} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      if (body) return void body.push(chunk);
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      clearTimeout(timer);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(buffered.subarray(0, end).toString())?.[1] ?? 0);
      body = [buffered.subarray(end + 4)];
      const all = body;
      resolve({ socket, status, received: () => Buffer.concat(all), closed });
    });
    socket.once('close', () => {
      clearTimeout(timer);
      if (!body) reject(new Error(`the server closed ${options.path} without a handshake reply`));
    });
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
}

/** The text messages in what a server sent (its frames are unmasked; fragments are not expected). */
export function textMessages(bytes: Buffer): string[] {
  const out: string[] = [];
  let at = 0;
  while (at + 2 <= bytes.length) {
    const opcode = (bytes[at] as number) & 0x0f;
    let length = (bytes[at + 1] as number) & 0x7f;
    let start = at + 2;
    if (length === 126) {
      length = bytes.readUInt16BE(at + 2);
      start = at + 4;
    } else if (length === 127) {
      length = Number(bytes.readBigUInt64BE(at + 2));
      start = at + 10;
    }
    if (start + length > bytes.length) break;
    if (opcode === 1) out.push(bytes.subarray(start, start + length).toString());
    at = start + length;
  }
  return out;
}

/** Waits until `check` holds, polling; throws `what` after the timeout. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
