import { isAscii } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { encodeInstruction, GuacScanner, type GuacBatch } from '@shared/common/guac';
import { WatcherFilter } from './watcherFilter';

const text = (...instructions: string[][]) => instructions.map((i) => encodeInstruction(i)).join('');

/** A watcher's filter and the scanner in front of it, as the watch relay sets them up. */
function watcher(announceWatchers = true) {
  const filter = new WatcherFilter(announceWatchers);
  const scanner = new GuacScanner(filter.picks, isAscii);
  return (chunk: string) => {
    const batch = scanner.scan(Buffer.from(chunk));
    return batch && filter.filter(batch);
  };
}

const image = ['img', '5', '14', '0', 'image/png', '0', '0'];
const imageData = ['blob', '5', 'iVBORw0KGgo='];

describe("a watcher's view of guacd's stream", () => {
  it("leaves out the owner's parameter streams whole: the argv, its blobs and its end", () => {
    const view = watcher();
    const out = view(
      text(
        ['argv', '3', 'text/plain', 'color-scheme'],
        image,
        ['blob', '3', 'Z3JheS1ibGFjaw=='],
        imageData,
        ['end', '3'],
        ['end', '5'],
        ['sync', '100'],
      ),
    );
    expect(out?.text).toBe(text(image, imageData, ['end', '5'], ['sync', '100']));
    expect(out?.picked.map((p) => p.instruction[0])).toContain('sync');
  });

  it('follows an argv stream across batches, and lets its index be used again once it ended', () => {
    const view = watcher();
    expect(view(text(['argv', '3', 'text/plain', 'font-size'], ['blob', '3', 'MTI=']))).toBeNull();
    expect(view(text(['blob', '3', 'MTM='], ['sync', '1']))?.text).toBe(text(['sync', '1']));
    expect(view(text(['end', '3'], image))?.text).toBe(text(image));
    // Stream 3 is an image's now: it reaches the watcher.
    const again = text(['img', '3', '14', '0', 'image/png', '0', '0'], ['blob', '3', 'AAAA'], ['end', '3']);
    expect(view(again)?.text).toBe(again);
  });

  it('passes a batch with no argv stream as it came, its bytes with it', () => {
    const view = watcher();
    const out = view(text(image, imageData, ['end', '5'], ['sync', '7']));
    expect(out?.text).toBe(text(image, imageData, ['end', '5'], ['sync', '7']));
    expect(Buffer.from((out as GuacBatch).bytes ?? []).toString()).toBe(out?.text);
  });

  it("drops the owner's prompts always, and the join notices where watchers are not announced", () => {
    const notice = ['msg', '1', '@abc', 'Bob'];
    const prompt = ['required', 'password'];
    expect(watcher(true)(text(notice, prompt, ['sync', '1']))?.text).toBe(text(notice, ['sync', '1']));
    expect(watcher(false)(text(notice, prompt, ['sync', '1']))?.text).toBe(text(['sync', '1']));
  });
});
