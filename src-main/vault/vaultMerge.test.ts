import { describe, expect, it } from 'vitest';
import type { SealedItem } from '@shared/common/api/controlPlane/vault';
import { changedIds, mergeEdits } from './vaultMerge';

const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const v = (n: number, tag: string): SealedItem => ({
  id: id(n),
  nonce: `nonce-${tag}-0000`.slice(0, 16),
  ciphertext: `cipher-${tag}-${'x'.repeat(20)}`,
});
const hooks = {
  nameOf: (item: SealedItem) => `item ${item.id.slice(-1)}`,
  keepBoth: (item: SealedItem): SealedItem => ({ ...item, id: id(9) }),
};

describe('merging edits made here into a newer server copy', () => {
  it.each([
    ['an edit where the server did not change it applies', [v(1, 'a')], [v(1, 'b')], [1], [v(1, 'a')], [v(1, 'b')], 0],
    [
      'an addition applies next to the server’s own addition',
      [],
      [v(1, 'a')],
      [1],
      [v(2, 'c')],
      [v(2, 'c'), v(1, 'a')],
      0,
    ],
    ['a deletion where the server did not change it applies', [v(1, 'a')], [], [1], [v(1, 'a')], [], 0],
    ['the same edit on both sides is not a conflict', [v(1, 'a')], [v(1, 'b')], [1], [v(1, 'b')], [v(1, 'b')], 0],
    [
      'both edited: both kept, this device’s under a new id',
      [v(1, 'a')],
      [v(1, 'b')],
      [1],
      [v(1, 'c')],
      [v(1, 'c'), { ...v(1, 'b'), id: id(9) }],
      1,
    ],
    ['deleted here, edited there: the edit is kept', [v(1, 'a')], [], [1], [v(1, 'c')], [v(1, 'c')], 1],
    ['edited here, deleted there: this device’s version is kept', [v(1, 'a')], [v(1, 'b')], [1], [], [v(1, 'b')], 1],
    ['untouched here: the server’s copy wins', [v(1, 'a')], [v(1, 'a')], [], [v(1, 'c')], [v(1, 'c')], 0],
  ] as const)('%s', (_name, base, local, dirty, server, expected, conflicts) => {
    const merged = mergeEdits({ base: [...base], local: [...local], dirty: dirty.map(id), server: [...server] }, hooks);
    expect(merged.items).toEqual(expected);
    expect(merged.conflicts).toHaveLength(conflicts);
  });

  it('lists the ids that differ between two copies', () => {
    expect(changedIds([v(1, 'a'), v(2, 'a')], [v(1, 'a'), v(2, 'b'), v(3, 'a')]).sort()).toEqual([id(2), id(3)]);
  });
});
