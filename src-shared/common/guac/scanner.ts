import { asciiText } from './ascii';
import { GuacReader, type AsciiCheck, type GuacInstruction, type ReadRun } from './reader';

/** An instruction decoded whole, and where its text sits in its batch: [start, end). */
export interface PickedInstruction {
  instruction: GuacInstruction;
  start: number;
  end: number;
}

/** Whole instructions as they came (text to pass on unchanged), with the picked ones decoded. */
export interface GuacBatch {
  readonly text: string;
  picked: PickedInstruction[];
  /** The same text as the bytes it came in (all ASCII), when at hand: a relay sends these, not the text encoded again. */
  readonly bytes?: Uint8Array | null;
}

/** A batch read on the byte path: its text is made only if someone asks for it. */
class AsciiBatch implements GuacBatch {
  private decoded: string | null = null;

  constructor(
    readonly bytes: Uint8Array,
    readonly picked: PickedInstruction[],
  ) {}

  get text(): string {
    this.decoded ??= asciiText(this.bytes);
    return this.decoded;
  }
}

/** The batch of a reader's run (null when it is empty). */
export function batchOf(run: ReadRun, picked: PickedInstruction[]): GuacBatch | null {
  if (run.length === 0) return null;
  return typeof run === 'string' ? { text: run, picked, bytes: null } : new AsciiBatch(run, picked);
}

/** What a relay sends of a batch: its bytes when at hand, else its text. */
export const batchPayload = (batch: Pick<GuacBatch, 'text' | 'bytes'>): Uint8Array | string =>
  batch.bytes ?? batch.text;

/** A batch's length in units (its bytes', when it has them: all ASCII, so the same), without making its text. */
export const batchLength = (batch: Pick<GuacBatch, 'text' | 'bytes'>): number =>
  batch.bytes?.length ?? batch.text.length;

/**
 * The pass-through reader: checks every instruction against guacd's limits and cuts the
 * stream at instruction boundaries, but decodes only the opcodes it is asked for (those a
 * relay acts on); everything else is passed on as it came (as its bytes, given an ASCII
 * check and ASCII bytes). `pick` may grow while the stream runs (a relay that starts filtering).
 */
export class GuacScanner {
  /** The opcodes decoded whole. */
  readonly picks: Set<string>;
  private readonly reader: GuacReader;

  constructor(opcodes: Iterable<string>, isAscii: AsciiCheck | null = null) {
    this.picks = new Set(opcodes);
    this.reader = new GuacReader(this.picks, isAscii);
  }

  /** Decodes these opcodes too, from the next instruction on. */
  pick(opcodes: Iterable<string>): void {
    for (const opcode of opcodes) this.reader.addPick(opcode);
  }

  /** Reads one chunk: the whole instructions it completes, or null when it completes none. */
  scan(chunk: Uint8Array | string): GuacBatch | null {
    const picked: PickedInstruction[] = [];
    const run = this.reader.read(chunk, (instruction, start, end) => picked.push({ instruction, start, end }));
    return batchOf(run, picked);
  }

  /** True when no partial instruction or character is pending. */
  get idle(): boolean {
    return this.reader.idle;
  }
}

/** Batches read again with other picks (they hold whole instructions, so a fresh reader reads them alike). */
export function rescanned(batches: GuacBatch[], picks: Iterable<string>): GuacBatch[] {
  if (batches.length === 0) return batches;
  // A batch's bytes are all ASCII (the byte path made them), so they are read as bytes again.
  const scanner = new GuacScanner(picks, () => true);
  return batches.map((batch) => scanner.scan(batch.bytes ?? batch.text) ?? batch);
}

/**
 * The batch without the picked instructions `drop` names; `drop` is asked once per picked
 * instruction, in order (it may keep state). The same object when it drops none; null when
 * nothing is left.
 */
export function dropInstructions(batch: GuacBatch, drop: (instruction: GuacInstruction) => boolean): GuacBatch | null {
  return editInstructions(batch, (instruction) => (drop(instruction) ? null : undefined));
}

/**
 * The batch with picked instructions edited: `edit` answers undefined to keep one as it came,
 * null to drop it, or the text to send in its place. It is asked once per picked instruction,
 * in order. The same object when nothing changes; null when nothing is left.
 */
export function editInstructions(
  batch: GuacBatch,
  edit: (instruction: GuacInstruction) => string | null | undefined,
): GuacBatch | null {
  const edits = batch.picked.map((p) => edit(p.instruction));
  if (edits.every((e) => e === undefined)) return batch;
  let text = '';
  let from = 0;
  let shift = 0;
  const picked: PickedInstruction[] = [];
  batch.picked.forEach((p, index) => {
    const replacement = edits[index];
    if (replacement === undefined) {
      picked.push({ instruction: p.instruction, start: p.start + shift, end: p.end + shift });
      return;
    }
    text += batch.text.slice(from, p.start);
    from = p.end;
    const start = p.start + shift;
    shift += (replacement?.length ?? 0) - (p.end - p.start);
    if (replacement === null) return;
    text += replacement;
    picked.push({ instruction: p.instruction, start, end: start + replacement.length });
  });
  text += batch.text.slice(from);
  return text.length === 0 ? null : { text, picked };
}
