export { GuacDecoder, type GuacInstruction } from './decoder';
export { encodeInstruction, instruction } from './encoder';
export { guacLimits } from './limits';
export { clientOpcodes, handshakeOpcodes, inputOpcodes, isAllowedClientOpcode, type OpcodeContext } from './opcodes';
export { clientInstructionProblem, fitsInstructionLimit, instructionBytes } from './clientCheck';
export { guacMalformed, isGuacMalformed } from './protocolError';
export { guacStatus, statusName, type GuacStatusName } from './status';
export { codePointLength } from './text';
export {
  parseInstructionMessage,
  readTunnelError,
  tunnelErrorFrame,
  tunnelErrorOpcode,
  tunnelErrorTag,
  tunnelFrame,
  tunnelOpcode,
} from './messages';
export { protocolViolation, readClientMessage, type ClientMessage, type ClientRules } from './clientMessage';
export { decodeInstructions } from './decoder';
export {
  GuacScanner,
  batchLength,
  batchOf,
  batchPayload,
  dropInstructions,
  editInstructions,
  rescanned,
  type GuacBatch,
  type PickedInstruction,
} from './scanner';
