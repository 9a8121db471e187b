import { GuacReader, type GuacInstruction } from './reader';

/** An instruction decoded whole, and where its text sits in its batch: [start, end). */
export interface PickedInstruction {
  instruction: GuacInstruction;
  start: number;
  end: number;
}

/** Whole instructions as they came (text to pass on unchanged), with the picked ones decoded. */
export interface GuacBatch {
  text: string;
  picked: PickedInstruction[];
}

/**
 * The pass-through reader: checks every instruction against guacd's limits and cuts the
 * stream at instruction boundaries, but decodes only the opcodes it is asked for (those a
 * relay acts on); everything else stays text, passed on as it came. `pick` may grow while
 * the stream runs (a relay that starts filtering).
 */
export class GuacScanner {
  /** The opcodes decoded whole. */
  readonly picks: Set<string>;
  private readonly reader: GuacReader;

  constructor(opcodes: Iterable<string>) {
    this.picks = new Set(opcodes);
    this.reader = new GuacReader(this.picks);
  }

  /** Decodes these opcodes too, from the next instruction on. */
  pick(opcodes: Iterable<string>): void {
    for (const opcode of opcodes) this.reader.addPick(opcode);
  }

  /** Reads one chunk: the whole instructions it completes, or null when it completes none. */
  scan(chunk: Uint8Array | string): GuacBatch | null {
    const picked: PickedInstruction[] = [];
    const text = this.reader.read(chunk, (instruction, start, end) => picked.push({ instruction, start, end }));
    return text.length === 0 ? null : { text, picked };
  }

  /** True when no partial instruction or character is pending. */
  get idle(): boolean {
    return this.reader.idle;
  }
}

/** Batches read again with other picks (they hold whole instructions, so a fresh reader reads them alike). */
export function rescanned(batches: GuacBatch[], picks: Iterable<string>): GuacBatch[] {
  if (batches.length === 0) return batches;
  const scanner = new GuacScanner(picks);
  return batches.map((batch) => scanner.scan(batch.text) ?? batch);
}

/**
 * The batch without the picked instructions `drop` names; `drop` is asked once per picked
 * instruction, in order (it may keep state). The same object when it drops none; null when
 * nothing is left.
 */
export function dropInstructions(batch: GuacBatch, drop: (instruction: GuacInstruction) => boolean): GuacBatch | null {
  const dropped = batch.picked.map((p) => drop(p.instruction));
  if (!dropped.includes(true)) return batch;
  let text = '';
  let from = 0;
  let removed = 0;
  const picked: PickedInstruction[] = [];
  batch.picked.forEach((p, index) => {
    if (dropped[index]) {
      text += batch.text.slice(from, p.start);
      removed += p.end - p.start;
      from = p.end;
    } else picked.push({ instruction: p.instruction, start: p.start - removed, end: p.end - removed });
  });
  text += batch.text.slice(from);
  return text.length === 0 ? null : { text, picked };
}
