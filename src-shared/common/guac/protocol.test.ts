import { describe, expect, it } from 'vitest';
import { encodeInstruction, instruction } from './encoder';
import { isAllowedClientOpcode } from './opcodes';
import { guacStatus, statusName } from './status';

describe('the encoder', () => {
  it.each([
    [['nop'], '3.nop;'],
    [['sync', '4666962'], '4.sync,7.4666962;'],
    [['', 'ping'], '0.,4.ping;'],
    [['name', 'fixture-wätcher-👀'], '4.name,17.fixture-wätcher-👀;'],
    [['blob', '0', ''], '4.blob,1.0,0.;'],
    [['x', 'a,b;c'], '1.x,5.a,b;c;'],
  ])('encodes %j as %s', (elements, wire) => {
    expect(encodeInstruction(elements)).toBe(wire);
  });

  it('stringifies numeric arguments', () => {
    expect(instruction('size', 1024, 768, 96)).toBe('4.size,4.1024,3.768,2.96;');
  });
});

describe('status codes', () => {
  it.each([
    ['769', 'CLIENT_UNAUTHORIZED'],
    ['776', 'CLIENT_TIMEOUT'],
    ['515', 'UPSTREAM_ERROR'],
    ['516', 'RESOURCE_NOT_FOUND'],
    ['519', 'UPSTREAM_NOT_FOUND'],
    [0, 'SUCCESS'],
  ])('reads %s as %s', (code, name) => {
    expect(statusName(code)).toBe(name);
  });

  it('knows no name for an unknown or malformed code', () => {
    expect(statusName('777')).toBeUndefined();
    expect(statusName('0x301')).toBeUndefined();
    expect(statusName('')).toBeUndefined();
  });

  it('matches guacd’s hex values', () => {
    expect(guacStatus.CLIENT_UNAUTHORIZED).toBe(0x0301);
    expect(guacStatus.SESSION_CLOSED).toBe(0x020b);
  });
});

describe('the client-to-guacd allowlist', () => {
  it.each(['key', 'mouse', 'size', 'sync', 'nop', 'disconnect', 'ack', 'clipboard', 'blob', 'end'])(
    'lets %s through during a session',
    (opcode) => {
      expect(isAllowedClientOpcode(opcode, { argvPending: false })).toBe(true);
    },
  );

  it.each(['select', 'connect', 'args', 'file', 'pipe', 'put', 'get', 'img', 'error', '', 'KEY'])(
    'stops %j',
    (opcode) => {
      expect(isAllowedClientOpcode(opcode, { argvPending: false })).toBe(false);
    },
  );

  it('lets argv through only to answer a pending required', () => {
    expect(isAllowedClientOpcode('argv', { argvPending: false })).toBe(false);
    expect(isAllowedClientOpcode('argv', { argvPending: true })).toBe(true);
  });

  it('passes no input from a read-only watcher, only its syncs and keep-alives', () => {
    for (const opcode of ['key', 'mouse', 'size', 'clipboard', 'blob', 'end', 'argv'])
      expect(isAllowedClientOpcode(opcode, { argvPending: true, readOnly: true })).toBe(false);
    for (const opcode of ['sync', 'nop', 'disconnect', 'ack'])
      expect(isAllowedClientOpcode(opcode, { argvPending: false, readOnly: true })).toBe(true);
  });
});
