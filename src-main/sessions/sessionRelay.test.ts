import { describe, expect, it } from 'vitest';
import { instructionOfBytes } from '../../e2e/support/guacSizes';
import type { Computer } from '@shared/common/api/settings';
import type { GuacInstruction } from '@shared/common/guac';
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
function relay() {
  const toGuacd: GuacInstruction[] = [];
  const toRenderer: string[][] = [];
  const state = { disconnected: false, closedWith: '' };
  let fromRenderer: (text: string) => void = () => undefined;
  const connection = {
    connectionId: '$1',
    closed: false,
    pendingRequired: new Set<string>(),
    onInstructions: () => () => undefined,
    onClose: () => () => undefined,
    send: (batch: GuacInstruction[]) => toGuacd.push(...batch),
    pause: () => undefined,
    resume: () => undefined,
    disconnect: () => {
      state.disconnected = true;
    },
  } satisfies SessionConnection;
  const port: RendererPort = {
    send: (text) => toRenderer.push(...(JSON.parse(text) as string[][])),
    buffered: () => 0,
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
    computer,
    connection,
    readOnly: false,
    watching: null,
    token: null,
    attached: true,
  };
  relaySession(session, port, { warn: () => undefined, info: () => undefined });
  return { toGuacd, toRenderer, state, send: (batch: string[][]) => fromRenderer(JSON.stringify(batch)) };
}

describe("main's session relay", () => {
  it("passes an instruction of exactly guacd's whole-instruction limit (32 KiB), and ends the session with PROTOCOL_VIOLATION on one byte more, which guacd never gets", () => {
    const r = relay();
    const atLimit = instructionOfBytes('blob', 32_768);
    r.send([atLimit]);
    expect(r.toGuacd).toEqual([atLimit]);
    expect(r.state).toEqual({ disconnected: false, closedWith: '' });

    r.send([['nop'], instructionOfBytes('blob', 32_769)]);
    expect(r.toGuacd).toEqual([atLimit]);
    expect(r.state).toEqual({ disconnected: true, closedWith: 'PROTOCOL_VIOLATION' });
    const error = r.toRenderer.find((i) => i[0] === '' && i[1] === 'openpsm.error');
    expect(error?.[2]).toBe('PROTOCOL_VIOLATION');
    expect(error?.[3]).toContain('"blob" of 32769 bytes');
  });
});
