import { dropInstructions, rescanned, type GuacBatch } from '@shared/common/guac';

/**
 * What guacd sends a joined user that never reaches a watcher: the owner's parameter streams
 * (`argv`) and prompts (`required`), and the join notices (`msg`) where the policy does not
 * announce watchers.
 */
export function watcherDrops(announceWatchers: boolean): string[] {
  return announceWatchers ? ['argv', 'required'] : ['argv', 'required', 'msg'];
}

/**
 * A watcher's view of guacd's stream: without the dropped opcodes, and without the `blob`s and
 * `end` of each `argv` stream (guacd sends a joining user the terminal's parameters as streams:
 * the `argv` alone is not all of it). A batch is read whole again only while such a stream is
 * open or opens in it (a few at the join); every other batch passes as scanned. `picks`: the
 * opcodes the connection decodes (the drops among them), kept decoded in a batch read again.
 */
export class WatcherFilter {
  private readonly open = new Set<string>();
  private readonly wholePicks: string[];

  constructor(
    private readonly drops: string[],
    picks: string[],
  ) {
    this.wholePicks = [...picks, 'blob', 'end'];
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
