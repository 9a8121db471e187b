/**
 * The bytes of the text a reader returns, while the stream is plain ASCII: a relay can then
 * pass guacd's own bytes on instead of encoding the text again (the text is still what was
 * checked). Feed it each chunk after the reader has read it, with the reader's view of it.
 * It keeps the bytes of the partial instruction the reader holds, as the parts they came in.
 */
export class PlainBytes {
  private held: Uint8Array[] = [];
  /** Whether `held` is exactly the reader's partial instruction, byte for unit. */
  private valid = true;

  /**
   * The bytes of `text` (what the reader returned for `chunk`), or null when they cannot be
   * told apart from the text (a non-ASCII character, here or in the held part).
   * `plain`: the reader's `lastChunkPlain`; `heldUnits`: the units the reader holds now.
   */
  take(chunk: Uint8Array, text: string, plain: boolean, heldUnits: number): Uint8Array | null {
    if (!plain) {
      // Nothing held is trivially exact; a held part from a non-plain chunk has no bytes to match.
      this.held = [];
      this.valid = heldUnits === 0;
      return null;
    }
    if (text.length === 0) {
      // The partial instruction goes on: its bytes grow by the chunk, unless they are lost already.
      if (this.valid) this.held.push(chunk);
      return null;
    }
    // Text came out, so the instruction it ends began before this chunk's tail: the reader's
    // new partial instruction is the tail of this chunk alone.
    const cut = chunk.length - heldUnits;
    const out = this.valid && cut >= 0 ? joined([...this.held, chunk.subarray(0, cut)]) : null;
    this.held = heldUnits > 0 && cut >= 0 ? [chunk.subarray(cut)] : [];
    this.valid = cut >= 0;
    return out && out.length === text.length ? out : null;
  }
}

/** The parts as one array (the only part itself, without a copy). */
function joined(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
