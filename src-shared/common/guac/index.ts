export { GuacDecoder, type GuacInstruction } from './decoder';
export { encodeInstruction, instruction } from './encoder';
export { guacLimits } from './limits';
export { clientOpcodes, handshakeOpcodes, inputOpcodes, isAllowedClientOpcode, type OpcodeContext } from './opcodes';
export { clientInstructionProblem, fitsInstructionLimit, instructionBytes } from './clientCheck';
export { GuacProtocolError, type GuacProtocolErrorCode } from './protocolError';
export { guacStatus, statusName, type GuacStatusName } from './status';
export { codePointLength } from './text';
export { parseInstructionMessage, tunnelErrorOpcode, tunnelErrorTag } from './messages';
