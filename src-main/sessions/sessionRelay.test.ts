import { describe, expect, it } from 'vitest';
import { instructionOfBytes } from '../../e2e/support/guacSizes';
import type { Computer } from '@shared/common/api/settings';
import {
  decodeInstructions,
  encodeInstruction,
  GuacScanner,
  type GuacBatch,
  type GuacInstruction,
} from '@shared/common/guac';
import type { ManagedSession, SessionConnection } from './sessionManager';
import { relaySession, type RendererPort } from './sessionRelay';

const computer: Computer = {
  id: '11111111-1111-4111-8111-111111111111',
  name: 'db-1',
  protocol: 'ssh',
  host: '10.0.0.5',
  port: 22,
  username: 'ops',
  hasPassword: true,
  disableCopy: false,
  disablePaste: false,
};

/** Main's relay between a stand-in guacd link and a stand-in renderer port: what reached guacd, and what the renderer got. */
function relay(options: { disableCopy?: boolean; buffered?: number } = {}) {
  const toGuacd: GuacInstruction[] = [];
  const toRenderer: string[][] = [];
  const texts: string[] = [];
  const written: Array<() => void> = [];
  const state = { disconnected: false, closedWith: '', paused: false };
  let fromRenderer: (text: string) => void = () => undefined;
  const scanner = new GuacScanner(['required', 'error', 'disconnect']);
  let toRelay: (batch: GuacBatch) => void = () => undefined;
  const connection = {
    connectionId: '$1',
    closed: false,
    pendingRequired: new Set<string>(),
    onBatch: (listener: (batch: GuacBatch) => void) => {
      toRelay = listener;
      return () => undefined;
    },
    pick: (opcodes: string[]) => scanner.pick(opcodes),
    onClose: () => () => undefined,
    send: (batch: GuacInstruction[]) => toGuacd.push(...batch),
    pause: () => {
      state.paused = true;
    },
    resume: () => {
      state.paused = false;
    },
    disconnect: () => {
      state.disconnected = true;
    },
  } satisfies SessionConnection;
  const port: RendererPort = {
    send: ({ text }, done) => {
      texts.push(text);
      toRenderer.push(...decodeInstructions(text));
      if (done) written.push(done);
    },
    buffered: () => options.buffered ?? 0,
    close: (_code, reason) => {
      state.closedWith = reason;
    },
    onMessage: (listener) => {
      fromRenderer = listener;
    },
    onClose: () => undefined,
  };
  const session: ManagedSession = {
    id: 's-1',
    computer: { ...computer, disableCopy: options.disableCopy ?? false },
    connection,
    readOnly: false,
    watching: null,
    token: null,
    attached: true,
  };
  relaySession(session, port, { warn: () => undefined, info: () => undefined });
  return {
    toGuacd,
    toRenderer,
    texts,
    written,
    state,
    send: (batch: string[][]) => fromRenderer(JSON.stringify(batch)),
    /** guacd's text reaching the relay, as the connection reads it. */
    fromGuacd: (text: string) => {
      const batch = scanner.scan(text);
      if (batch) toRelay(batch);
    },
  };
}

describe("main's session relay", () => {
  it("passes an instruction of exactly guacd's whole-instruction limit (32 KiB), and ends the session with PROTOCOL_VIOLATION on one byte more, which guacd never gets", () => {
    const r = relay();
    const atLimit = instructionOfBytes('blob', 32_768);
    r.send([atLimit]);
    expect(r.toGuacd).toEqual([atLimit]);
    expect(r.state).toMatchObject({ disconnected: false, closedWith: '' });

    r.send([['nop'], instructionOfBytes('blob', 32_769)]);
    expect(r.toGuacd).toEqual([atLimit]);
    expect(r.state).toMatchObject({ disconnected: true, closedWith: 'PROTOCOL_VIOLATION' });
    const error = r.toRenderer.find((i) => i[0] === '' && i[1] === 'openpsm.error');
    expect(error?.[2]).toBe('PROTOCOL_VIOLATION');
    expect(error?.[3]).toContain('"blob" of 32769 bytes');
  });

  it("passes guacd's text to the renderer unchanged, and where the computer disables copy drops its clipboard streams and nothing else", () => {
    const stream = [
      ['sync', '1'],
      ['clipboard', '7', 'text/plain'],
      ['blob', '7', 'c2VjcmV0'],
      ['end', '7'],
      ['blob', '3', 'aW1n'],
      ['end', '3'],
    ];
    const text = stream.map(encodeInstruction).join('');
    const open = relay();
    open.fromGuacd(text);
    expect(open.texts).toEqual([text]);

    const closed = relay({ disableCopy: true });
    closed.fromGuacd(text);
    expect(closed.toRenderer).toEqual([
      ['sync', '1'],
      ['blob', '3', 'aW1n'],
      ['end', '3'],
    ]);
  });

  it('pauses guacd while the renderer holds more than the high-water mark, and resumes once that text is written out', () => {
    const r = relay({ buffered: 4 * 1024 * 1024 });
    r.fromGuacd(encodeInstruction(['sync', '1']));
    expect(r.state.paused).toBe(true);
    expect(r.written).toHaveLength(1);
    r.written[0]?.();
    expect(r.state.paused).toBe(false);
  });
});
