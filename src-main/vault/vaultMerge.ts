import type { SealedItem } from '@shared/common/api/controlPlane/vault';

const same = (a: SealedItem | undefined, b: SealedItem | undefined) =>
  a?.nonce === b?.nonce && a?.ciphertext === b?.ciphertext;
const byId = (items: SealedItem[]) => new Map(items.map((i) => [i.id, i]));

export interface MergeInput {
  /** The server copy the edits were made on. */
  base: SealedItem[];
  /** The working copy here. */
  local: SealedItem[];
  /** Ids changed here since `base`. */
  dirty: string[];
  /** The server's copy now. */
  server: SealedItem[];
}

export interface MergeHooks {
  /** The credential's name, for telling the user. */
  nameOf(item: SealedItem): string;
  /** A copy of this device's version under a new id and a name that says where it came from. */
  keepBoth(local: SealedItem): SealedItem;
}

/**
 * Replays the edits made here onto the server's newer copy. An edit whose credential did not
 * change on the server simply applies. When both sides changed the same credential, both
 * versions are kept (this device's under a new name) and the user is told; a deletion never
 * wins over an edit made elsewhere. Nothing is dropped silently.
 */
export function mergeEdits(input: MergeInput, hooks: MergeHooks): { items: SealedItem[]; conflicts: string[] } {
  const base = byId(input.base);
  const local = byId(input.local);
  const result = byId(input.server);
  const conflicts: string[] = [];
  for (const id of input.dirty) {
    const mine = local.get(id);
    const theirs = result.get(id);
    if (same(base.get(id), theirs)) {
      if (mine) result.set(id, mine);
      else result.delete(id);
      continue;
    }
    if (!mine) {
      if (theirs)
        conflicts.push(
          `"${hooks.nameOf(theirs)}" was deleted here but changed on another device: the other device's version was kept.`,
        );
      continue;
    }
    if (!theirs) {
      result.set(id, mine);
      conflicts.push(
        `"${hooks.nameOf(mine)}" was edited here but deleted on another device: this device's version was kept.`,
      );
      continue;
    }
    if (same(mine, theirs)) continue;
    const copy = hooks.keepBoth(mine);
    result.set(copy.id, copy);
    conflicts.push(
      `"${hooks.nameOf(mine)}" was edited here and on another device: both versions were kept, this device's as "${hooks.nameOf(copy)}".`,
    );
  }
  return { items: [...result.values()], conflicts };
}

/** The ids whose item differs between two copies (added, changed or removed). */
export function changedIds(from: SealedItem[], to: SealedItem[]): string[] {
  const a = byId(from);
  const b = byId(to);
  return [...new Set([...a.keys(), ...b.keys()])].filter((id) => !same(a.get(id), b.get(id)));
}
