import { describe, expect, it } from 'vitest';
import { encodeInstruction } from './encoder';
import { dropInstructions, editInstructions, GuacScanner, rescanned } from './scanner';

const text = [
  ['sync', '1'],
  ['msg', '0', 'bob joined'],
  ['img', '1', '14', '0', 'image/png', '0', '0'],
  ['msg', '1', 'bob left'],
  ['name', 'wätcher-👀'],
]
  .map(encodeInstruction)
  .join('');

describe('the pass-through scanner', () => {
  it('hands on whole instructions only, as they came, and decodes just the opcodes asked for', () => {
    const scanner = new GuacScanner(['msg', 'name']);
    const cut = text.indexOf('img') + 5;
    const first = scanner.scan(text.slice(0, cut));
    const second = scanner.scan(text.slice(cut));
    expect((first?.text ?? '') + (second?.text ?? '')).toBe(text);
    expect(first?.text.endsWith(';')).toBe(true);
    expect(second?.picked.map((p) => p.instruction)).toEqual([
      ['msg', '1', 'bob left'],
      ['name', 'wätcher-👀'],
    ]);
    for (const p of second?.picked ?? [])
      expect(second?.text.slice(p.start, p.end)).toBe(encodeInstruction(p.instruction));
    expect(scanner.scan('4.sy')).toBeNull();
    expect(scanner.idle).toBe(false);
  });

  it('drops picked instructions from the text and keeps the others in place', () => {
    const batch = new GuacScanner(['msg', 'sync']).scan(text);
    const kept = batch && dropInstructions(batch, (i) => i[0] === 'msg');
    expect(kept?.text).toBe(
      [
        ['sync', '1'],
        ['img', '1', '14', '0', 'image/png', '0', '0'],
        ['name', 'wätcher-👀'],
      ]
        .map(encodeInstruction)
        .join(''),
    );
    expect(kept?.picked.map((p) => kept.text.slice(p.start, p.end))).toEqual(['4.sync,1.1;']);
    expect(batch && dropInstructions(batch, () => false)).toBe(batch);
    const onlyMsg = new GuacScanner(['msg']).scan(encodeInstruction(['msg', '0', 'x']));
    expect(onlyMsg && dropInstructions(onlyMsg, () => true)).toBeNull();
  });

  it('reads held batches again when a relay asks for more opcodes', () => {
    const held = [new GuacScanner([]).scan(text)].filter((b) => b !== null);
    expect(rescanned(held, ['img'])[0]?.picked.map((p) => p.instruction[0])).toEqual(['img']);
  });

  it('puts an edited instruction in place of the one read, and moves the places after it', () => {
    const batch = new GuacScanner(['msg', 'name']).scan(text);
    const edited =
      batch && editInstructions(batch, (i) => (i[0] === 'msg' && i[1] === '0' ? '3.msg,1.0,1.x;' : undefined));
    expect(edited?.text).toBe(text.replace(encodeInstruction(['msg', '0', 'bob joined']), '3.msg,1.0,1.x;'));
    for (const p of edited?.picked.slice(1) ?? [])
      expect(edited?.text.slice(p.start, p.end)).toBe(encodeInstruction(p.instruction));
  });
});
