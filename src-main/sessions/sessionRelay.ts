import { errorFrame } from '@shared/node/transport/errorStatus';
import type { ClientRules, GuacBatch, GuacInstruction } from '@shared/common/guac';
import { batchLength, dropInstructions, protocolViolation, readClientMessage } from '@shared/common/guac';
import type { OpenPsmError } from '@shared/common/errors';
import type { Logger } from '@shared/node/logger';
import { copyOpcodes, type ManagedSession } from './sessionManager';

/**
 * The renderer's end of a session. Towards the renderer: guacd's Guacamole text, as it came,
 * cut at instruction boundaries; from the renderer: JSON arrays of instructions.
 */
export interface RendererPort {
  /**
   * Sends a batch's text; `written`, when given, is called once it (and all before it) has left
   * the queue. Its `bytes`, when it has them, are that text as it came (a socket sends them as
   * they are; the text is then made only where it is read).
   */
  send(batch: Pick<GuacBatch, 'text' | 'bytes'>, written?: () => void): void;
  /** Bytes queued towards the renderer and not yet sent. */
  buffered(): number;
  close(code: number, reason: string): void;
  onMessage(listener: (text: string) => void): void;
  onClose(listener: () => void): void;
}

const highWaterMark = 4 * 1024 * 1024;

/**
 * Relays one session between guacd and the renderer. Towards guacd only the allowlisted
 * opcodes pass (architecture.md, "Security basics"): input never from a watcher, `argv`
 * only to answer a pending `required`; and no instruction longer than guacd reads (guacd
 * would drop the connection). Anything else ends the session with PROTOCOL_VIOLATION, which
 * is logged (the opcode and the size, never the values).
 */
export function relaySession(session: ManagedSession, port: RendererPort, log: Pick<Logger, 'warn' | 'info'>): void {
  const { connection, computer } = session;
  const argvStreams = new Map<string, string>();
  const blockedStreams = new Set<string>();
  let ended = false;

  const end = (error: OpenPsmError | null) => {
    if (ended) return;
    ended = true;
    // The error frame carries the code; the port then closes as intended (1000), whatever the code.
    if (error) port.send({ text: errorFrame(error) });
    port.close(1000, error ? error.code : 'ended');
  };

  // A renderer that falls behind slows guacd down instead of filling main's memory: past the
  // high-water mark guacd waits until that text has been written out (an event, not a poll).
  // Already asked for where main opens guacd itself; a gateway link reads whole messages, so asking now is in time.
  if (computer.disableCopy) connection.pick(copyOpcodes);
  connection.onBatch((all) => {
    const batch = computer.disableCopy ? dropInstructions(all, (i) => copyBlocked(i, blockedStreams)) : all;
    if (!batch || ended) return;
    if (port.buffered() + batchLength(batch) <= highWaterMark) return port.send(batch);
    connection.pause();
    port.send(batch, () => connection.resume());
  });
  connection.onClose((error) => end(error));

  // The relay filter (shared with the gateway), with this relay's own bookkeeping per instruction
  // that passed: answered `argv` streams, and pasted streams a computer blocks.
  const rules: ClientRules = {
    readOnly: session.readOnly,
    argvPending: (name) => connection.pendingRequired.has(name),
    accept: (instruction) => {
      const [opcode, stream = '', , name = ''] = instruction;
      if (opcode === 'argv') argvStreams.set(stream, name);
      if (opcode === 'clipboard' && computer.disablePaste) {
        blockedStreams.add(`paste:${stream}`);
        log.info('session.paste_blocked', { sessionId: session.id });
        return false;
      }
      if ((opcode === 'blob' || opcode === 'end') && blockedStreams.has(`paste:${stream}`)) {
        if (opcode === 'end') blockedStreams.delete(`paste:${stream}`);
        return false;
      }
      if (opcode === 'end' && argvStreams.has(stream)) {
        connection.pendingRequired.delete(argvStreams.get(stream) as string);
        argvStreams.delete(stream);
      }
      return true;
    },
  };
  port.onMessage((text) => {
    if (ended) return;
    const { pass, problem } = readClientMessage(text, rules);
    if (problem) {
      log.warn('session.protocol_violation', {
        sessionId: session.id,
        opcode: problem.opcode,
        problem: problem.detail,
      });
      end(protocolViolation(problem.detail));
      connection.disconnect();
      return;
    }
    connection.send(pass);
  });
  port.onClose(() => {
    if (!ended) {
      ended = true;
      connection.disconnect();
    }
  });
}

/** Drops guacd's clipboard streams when the computer disables copy. */
function copyBlocked(instruction: GuacInstruction, blocked: Set<string>): boolean {
  const [opcode, stream = ''] = instruction;
  if (opcode === 'clipboard') {
    blocked.add(`copy:${stream}`);
    return true;
  }
  if ((opcode === 'blob' || opcode === 'end') && blocked.has(`copy:${stream}`)) {
    if (opcode === 'end') blocked.delete(`copy:${stream}`);
    return true;
  }
  return false;
}
