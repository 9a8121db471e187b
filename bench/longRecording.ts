import fs from 'node:fs';
import path from 'node:path';
import { encodeInstruction, GuacDecoder, type GuacInstruction } from '@shared/common/guac';

export const captures = ['ssh', 'vnc', 'rdp'].map((p) =>
  path.join(import.meta.dirname, '../e2e/fixtures/guacd', `${p}-session.recording`),
);

/**
 * A recording `seconds` long built from a captured guacd recording: the capture played again
 * and again, each time with its sync and key timestamps moved on, as one long session would
 * be. Written to `file`; returns its size in bytes.
 */
export function buildLongRecording(capture: string, seconds: number, file: string): number {
  const instructions: GuacInstruction[] = [];
  new GuacDecoder().feed(fs.readFileSync(capture), (i) => instructions.push(i));
  const stamps = instructions.filter((i) => i[0] === 'sync').map((i) => Number(i[1]));
  const first = Math.min(...stamps);
  const span = Math.max(...stamps) - first + 1000;
  const out = fs.openSync(file, 'w');
  let bytes = 0;
  try {
    for (let round = 0; round * span < seconds * 1000; round += 1) {
      const shift = round * span;
      const text = instructions
        .map((i) => {
          if (i[0] === 'sync') return encodeInstruction(['sync', String(Number(i[1]) + shift), ...i.slice(2)]);
          if (i[0] === 'key') return encodeInstruction(['key', i[1] ?? '', i[2] ?? '', String(Number(i[3]) + shift)]);
          return encodeInstruction(i);
        })
        .join('');
      bytes += fs.writeSync(out, text);
    }
  } finally {
    fs.closeSync(out);
  }
  return bytes;
}
