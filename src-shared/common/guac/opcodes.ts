/**
 * What a client may send to guacd once the session runs (architecture.md, "Security
 * basics"). `argv` passes only to answer a pending `required`; anything else ends the
 * session with PROTOCOL_VIOLATION. The empty opcode is tunnel-internal and never passes.
 */
export const clientOpcodes: ReadonlySet<string> = new Set([
  'key',
  'mouse',
  'size',
  'sync',
  'nop',
  'disconnect',
  'ack',
  'clipboard',
  'blob',
  'end',
]);

/** Instructions of the client's side of the handshake, in the order they are sent. */
export const handshakeOpcodes: ReadonlySet<string> = new Set([
  'select',
  'size',
  'audio',
  'video',
  'image',
  'timezone',
  'name',
  'connect',
]);

/** Opcodes whose input a read-only watcher may never send on. */
export const inputOpcodes: ReadonlySet<string> = new Set(['key', 'mouse', 'size', 'clipboard', 'blob', 'end', 'argv']);

export interface OpcodeContext {
  /** guacd has asked (`required`) for a value that is not answered yet. */
  argvPending: boolean;
  /** The sender is a read-only watcher. */
  readOnly?: boolean;
}

/** True when a client may forward `opcode` to guacd during the session. */
export function isAllowedClientOpcode(opcode: string, context: OpcodeContext): boolean {
  if (context.readOnly && inputOpcodes.has(opcode)) return false;
  if (opcode === 'argv') return context.argvPending;
  return clientOpcodes.has(opcode);
}
