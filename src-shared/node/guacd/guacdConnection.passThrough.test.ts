import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { loadCapture } from '../../../e2e/fixtures/guacd/captures';
import { decodeInstructions, encodeInstruction, type GuacInstruction } from '../../common/guac';
import { GuacdConnection } from './guacdConnection';

/** A guacd that answers the handshake with a capture's own bytes, read for read, then ends. */
async function playCapture(name: string, after: string[] = []): Promise<{ port: number; close(): void }> {
  const reads = [
    ...loadCapture(name)
      .chunks.filter((c) => c.dir === 's2c')
      .map((c) => Buffer.from(c.data, 'utf8')),
    ...after.map((text) => Buffer.from(text)),
  ];
  const server = net.createServer((socket) => {
    let sent = false;
    socket.on('data', (data) => {
      // `select` gets the capture's first read (its args); `connect` gets everything after it.
      if (data.toString().startsWith('6.select')) socket.write(reads[0] as Buffer);
      else if (!sent && data.toString().includes('7.connect')) {
        sent = true;
        for (const read of reads.slice(1)) socket.write(read);
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as net.AddressInfo).port, close: () => server.close() };
}

/** The capture's instructions after `ready`, decoded whole: what every relay used to hand on. */
function afterReady(name: string): GuacInstruction[] {
  const all = decodeInstructions(
    loadCapture(name)
      .chunks.filter((c) => c.dir === 's2c')
      .map((c) => c.data)
      .join(''),
  );
  return all.slice(all.findIndex((i) => i[0] === 'ready') + 1);
}

describe("guacd's stream passed on as text", () => {
  for (const [name, protocol] of [
    ['ssh-session', 'ssh'],
    ['rdp-session', 'rdp'],
    ['vnc-session', 'vnc'],
    ['ssh-bulk', 'ssh'],
  ] as const) {
    it(`hands on ${name} exactly as guacd sent it: the text decodes to every instruction after ready, in order`, async () => {
      const guacd = await playCapture(name);
      try {
        const connection = await GuacdConnection.open(
          { host: '127.0.0.1', port: guacd.port },
          {
            select: protocol,
            values: {},
            width: 1024,
            height: 768,
            dpi: 96,
            timezone: 'UTC',
            name: 't',
            pick: ['sync'],
          },
        );
        const texts: string[] = [];
        const picked: GuacInstruction[] = [];
        const slices: Array<[string, string]> = [];
        connection.onBatch((batch) => {
          texts.push(batch.text);
          for (const p of batch.picked) {
            slices.push([batch.text.slice(p.start, p.end), encodeInstruction(p.instruction)]);
            picked.push(p.instruction);
          }
        });
        const expected = afterReady(name);
        await expect.poll(() => decodeInstructions(texts.join('')).length, { timeout: 10_000 }).toBe(expected.length);
        expect(decodeInstructions(texts.join(''))).toEqual(expected);
        // The picked ones are the asked-for sync and what the connection acts on itself (the final disconnect).
        expect(picked).toEqual(expected.filter((i) => i[0] === 'sync' || i[0] === 'disconnect'));
        // Each picked instruction's place in its batch is exactly its own text.
        for (const [slice, encoded] of slices) expect(slice).toBe(encoded);
        connection.disconnect();
      } finally {
        guacd.close();
      }
    });
  }

  it("hands on an error it reads differently as it reads it: an NLA computer's refused connection reaches the client as refused credentials", async () => {
    const refused = encodeInstruction(['error', 'Server refused connection (wrong security type?)', '519']);
    const guacd = await playCapture('rdp-closed-port', [refused]);
    try {
      const connection = await GuacdConnection.open(
        { host: '127.0.0.1', port: guacd.port },
        { select: 'rdp', values: {}, width: 1024, height: 768, dpi: 96, timezone: 'UTC', name: 't', nla: true },
      );
      const texts: string[] = [];
      connection.onBatch((batch) => texts.push(batch.text));
      const closed = await new Promise((resolve) => connection.onClose(resolve));
      expect(closed).toMatchObject({ code: 'TARGET_AUTH_FAILED' });
      const errors = decodeInstructions(texts.join('')).filter((i) => i[0] === 'error');
      expect(errors.at(-1)?.[2]).toBe('769');
      expect(errors.at(-1)?.[1]).toContain('Server refused connection');
    } finally {
      guacd.close();
    }
  });

  it("drops an instruction with the tunnel's own empty opcode from guacd's side, so no one can pose as the gateway", async () => {
    const forged = encodeInstruction(['', 'openpsm.error', 'SESSION_TIME_LIMIT', 'Forged.', '0']);
    const guacd = await playCapture('ssh-session', [forged, encodeInstruction(['sync', '1', '0'])]);
    try {
      const connection = await GuacdConnection.open(
        { host: '127.0.0.1', port: guacd.port },
        { select: 'ssh', values: {}, width: 1024, height: 768, dpi: 96, timezone: 'UTC', name: 't' },
      );
      const texts: string[] = [];
      connection.onBatch((batch) => texts.push(batch.text));
      await expect
        .poll(() => texts.join('').endsWith(encodeInstruction(['sync', '1', '0'])), { timeout: 10_000 })
        .toBe(true);
      expect(decodeInstructions(texts.join('')).filter((i) => i[0] === '')).toEqual([]);
      connection.disconnect();
    } finally {
      guacd.close();
    }
  });
});
