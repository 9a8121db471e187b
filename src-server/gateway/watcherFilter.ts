import { dropInstructions, rescanned, type GuacBatch } from '@shared/common/guac';

/**
 * A watcher's view of guacd's stream. Left out: what only the owner gets, its parameter streams
 * (`argv`, with their `blob`s and `end`: guacd sends a joining user the terminal's parameters as
 * streams) and prompts (`required`), and the join notices (`msg`) where the policy does not
 * announce watchers. A batch is read whole again only while such a stream is open or opens in
 * it (a few at the join); every other batch passes as scanned.
 */
export class WatcherFilter {
  private readonly open = new Set<string>();
  private readonly drops: string[];
  /** The opcodes the watcher's connection decodes: the frames it answers for the watcher, and the drops. */
  readonly picks: string[];
  private readonly wholePicks: string[];

  constructor(announceWatchers: boolean) {
    this.drops = announceWatchers ? ['argv', 'required'] : ['argv', 'required', 'msg'];
    this.picks = ['sync', ...this.drops];
    this.wholePicks = [...this.picks, 'blob', 'end'];
  }

  /** The batch as the watcher gets it, or null when nothing is left. */
  filter(batch: GuacBatch): GuacBatch | null {
    const opens = batch.picked.some((p) => p.instruction[0] === 'argv');
    if (!opens && this.open.size === 0) return dropInstructions(batch, ([opcode]) => this.drops.includes(opcode ?? ''));
    const [whole = batch] = rescanned([batch], this.wholePicks);
    return dropInstructions(
      whole,
      ([opcode = '', stream = '']) => this.ownerStream(opcode, stream) || this.drops.includes(opcode),
    );
  }

  /** Whether the instruction opens, carries or ends one of the owner's `argv` streams (kept count of). */
  private ownerStream(opcode: string, stream: string): boolean {
    if (opcode === 'argv') {
      this.open.add(stream);
      return true;
    }
    if ((opcode !== 'blob' && opcode !== 'end') || !this.open.has(stream)) return false;
    if (opcode === 'end') this.open.delete(stream);
    return true;
  }
}
