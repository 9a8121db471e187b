import Guacamole from 'guacamole-common-js';
import type { RecordingIndex, RecordingPiece } from '@shared/common/api/recordings';
import { GuacDecoder, type GuacInstruction } from '@shared/common/guac/decoder';

/** Reads a piece of the recording from the server's store. */
export type ReadPiece = (offset: number, length: number) => Promise<RecordingPiece>;

/** How much one read asks for while playing. */
const pieceBytes = 256 * 1024;
/** The first read, made alongside the index request: guacd's first frame is usually well inside it. */
export const firstPieceBytes = 64 * 1024;
/** How far ahead of the position playback keeps the recording read. */
const readAheadMs = 10_000;
/** With "skip idle gaps", a pause longer than this between frames plays as `skippedGapMs`. */
const idleGapMs = 1000;
const skippedGapMs = 100;

interface Frame {
  /** When it is shown, in ms from the recording's first frame. */
  atMs: number;
  instructions: GuacInstruction[];
}

type SettableTunnel = Guacamole.Tunnel & { setState(state: Guacamole.Tunnel.State): void };
type ClientState = Parameters<Guacamole.Client['importState']>[0];

/**
 * Plays a recording streamed piece by piece from its store. The server's index gives the
 * length, where each second ends (byte offsets) and the keyframes, so the first frame shows
 * after one small read, and a seek reads only up to where it lands. The screen is a
 * Guacamole.Client fed frame by frame; at each keyframe it keeps a snapshot of the screen,
 * so a seek back replays from the nearest snapshot, not from the start.
 */
export class RecordingPlayback {
  readonly client: Guacamole.Client;
  /** Called when a read fails while playing (playback pauses). */
  onerror: ((error: unknown) => void) | null = null;
  /** Called as the position moves (ms) and when playing starts or stops. */
  onchange: ((state: { positionMs: number; playing: boolean; loadedMs: number }) => void) | null = null;
  private readonly tunnel: SettableTunnel;
  private readonly decoder = new GuacDecoder();
  private readonly frames: Frame[] = [];
  private pending: GuacInstruction[] = [];
  private firstTs: number | null = null;
  private readBytes = 0;
  private ended = false;
  private reading: Promise<void> | null = null;
  /** Index of the next frame to show. */
  private next = 0;
  private index: RecordingIndex | null = null;
  private keyframeTimes = new Set<number>();
  /** Screen snapshots by frame index; null while one is being taken. */
  private readonly snapshots = new Map<number, ClientState | null>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private playing = false;
  private anchor = { wall: 0, atMs: 0 };
  private speed = 1;
  private skipIdle = false;
  private disposed = false;
  private generation = 0;
  private seeking: Promise<void> = Promise.resolve();
  private resumeAfterSeek = false;

  constructor(private readonly read: ReadPiece) {
    this.tunnel = new (Guacamole.Tunnel as unknown as new () => SettableTunnel)();
    this.tunnel.connect = () => this.tunnel.setState(Guacamole.Tunnel.State.OPEN);
    // The client answers each sync; a recording has no one to answer.
    this.tunnel.sendMessage = () => undefined;
    this.tunnel.disconnect = () => this.tunnel.setState(Guacamole.Tunnel.State.CLOSED);
    this.client = new Guacamole.Client(this.tunnel);
    this.client.connect();
  }

  /** Takes the server's index (it may arrive after the first frame is shown): the length, where to read to for a seek, and the keyframes. */
  useIndex(index: RecordingIndex): void {
    this.index = index;
    this.keyframeTimes = new Set(index.marks.filter((m) => m.keyframe).map((m) => m.atMs));
  }

  get durationMs(): number {
    return this.index?.durationMs ?? this.frames.at(-1)?.atMs ?? 0;
  }

  get positionMs(): number {
    return this.frames[this.next - 1]?.atMs ?? 0;
  }

  /**
   * Shows the first frame from `first` (the first piece, read while the index is on its way),
   * reading on only if that piece ends before the first frame does; resolves once it is drawn.
   */
  async start(first: RecordingPiece): Promise<void> {
    this.takePiece(first);
    while (this.frames.length === 0 && !this.ended) await this.readMore(pieceBytes);
    await this.showUpTo(0);
    this.emit();
  }

  play(): void {
    if (this.playing || this.disposed) return;
    // At the end, Play starts again from the beginning.
    if (this.ended && this.next >= this.frames.length) {
      void this.seek(0).then(() => this.play(), this.failed);
      return;
    }
    this.playing = true;
    this.anchor = { wall: performance.now(), atMs: this.positionMs };
    this.emit();
    this.tick();
  }

  pause(): void {
    this.playing = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.emit();
  }

  setSpeed(speed: number): void {
    this.anchor = { wall: performance.now(), atMs: this.clock() };
    this.speed = speed;
  }

  setSkipIdle(on: boolean): void {
    this.skipIdle = on;
  }

  /**
   * Shows the recording at `ms`: reads up to there, or replays from the nearest snapshot when
   * going back. Seeks run one at a time; of several asked meanwhile, only the last runs.
   */
  seek(ms: number): Promise<void> {
    const generation = ++this.generation;
    const run = () => (generation === this.generation && !this.disposed ? this.seekNow(ms) : undefined);
    this.seeking = this.seeking.then(run, run);
    return this.seeking;
  }

  private async seekNow(ms: number): Promise<void> {
    const wasPlaying = this.playing || this.resumeAfterSeek;
    this.resumeAfterSeek = wasPlaying;
    this.pause();
    const target = Math.max(0, Math.min(ms, this.durationMs));
    await this.readUntil(target);
    if (this.disposed) return;
    let last = this.frames.findLastIndex((f) => f.atMs <= target);
    if (last < 0) last = 0;
    if (last < this.next - 1) await this.restoreBefore(last);
    await this.showUpTo(last);
    this.resumeAfterSeek = false;
    this.emit();
    if (wasPlaying) this.play();
  }

  private readonly failed = (error: unknown) => {
    this.pause();
    this.onerror?.(error);
  };

  dispose(): void {
    this.disposed = true;
    this.pause();
    this.client.disconnect();
  }

  private emit(): void {
    this.onchange?.({ positionMs: this.positionMs, playing: this.playing, loadedMs: this.frames.at(-1)?.atMs ?? 0 });
  }

  /** Where playback is now by the wall clock, at the chosen speed. */
  private clock(): number {
    return this.anchor.atMs + (performance.now() - this.anchor.wall) * this.speed;
  }

  private tick(): void {
    if (!this.playing || this.disposed) return;
    let now = this.clock();
    let upcoming = this.frames[this.next];
    if (
      upcoming &&
      this.skipIdle &&
      upcoming.atMs - this.positionMs > idleGapMs &&
      upcoming.atMs > now + skippedGapMs * this.speed
    ) {
      // An idle gap: jump the clock to just before the next frame.
      this.anchor = { wall: performance.now(), atMs: upcoming.atMs - skippedGapMs * this.speed };
      now = this.clock();
    }
    while (upcoming && upcoming.atMs <= now) {
      this.apply(this.next);
      upcoming = this.frames[this.next];
    }
    this.emit();
    if (!upcoming) {
      if (this.ended) return this.pause();
      // Playback caught up with what was read: read on, then carry on from here.
      void this.readMore(pieceBytes).then(() => {
        this.anchor = { wall: performance.now(), atMs: this.positionMs };
        this.tick();
      }, this.failed);
      return;
    }
    if (!this.ended && (this.frames.at(-1)?.atMs ?? 0) - now < readAheadMs)
      void this.readMore(pieceBytes).catch(this.failed);
    this.timer = setTimeout(() => this.tick(), Math.min(250, Math.max(0, (upcoming.atMs - now) / this.speed)));
  }

  /** Feeds frame `i` to the client (from instruction `from`), keeping a snapshot at keyframes. */
  private apply(i: number, from = 0): void {
    const frame = this.frames[i];
    if (!frame) return;
    for (let k = from; k < frame.instructions.length; k += 1) {
      const [opcode = '', ...args] = frame.instructions[k] ?? [];
      this.tunnel.oninstruction?.(opcode, args);
    }
    this.next = i + 1;
    // The first frame always has a snapshot (a seek back to the start needs it), then each keyframe.
    if ((i === 0 || this.keyframeTimes.has(frame.atMs)) && !this.snapshots.has(i)) {
      this.snapshots.set(i, null);
      this.client.exportState((state) => this.snapshots.set(i, state));
    }
  }

  /** Shows frames up to `last`; resolves once the last one is drawn (its own flush, before its sync, so no extra frame waits). */
  private async showUpTo(last: number): Promise<void> {
    const end = Math.min(last, this.frames.length - 1);
    for (let i = this.next; i < end; i += 1) this.apply(i);
    const frame = this.frames[end];
    if (!frame || end < this.next)
      return new Promise<void>((resolve) => this.client.getDisplay().flush(() => resolve()));
    const body = frame.instructions.slice(0, -1);
    for (const [opcode = '', ...args] of body) this.tunnel.oninstruction?.(opcode, args);
    const drawn = new Promise<void>((resolve) => this.client.getDisplay().flush(() => resolve()));
    this.apply(end, body.length);
    await drawn;
  }

  /** Restores the newest snapshot at or before frame `last` (the first frame always has one). */
  private async restoreBefore(last: number): Promise<void> {
    const at = Math.max(...[...this.snapshots].filter(([k, state]) => k <= last && state !== null).map(([k]) => k), -1);
    const state = this.snapshots.get(at);
    if (!state) return;
    await new Promise<void>((resolve) => this.client.importState(state, () => resolve()));
    this.next = at + 1;
  }

  /** Reads on until frames reach `ms` (or the end), sized by the index's marks. */
  private async readUntil(ms: number): Promise<void> {
    while (!this.ended && (this.frames.at(-1)?.atMs ?? -1) < ms) {
      const mark = this.index?.marks.find((m) => m.atMs >= ms);
      const want = mark ? mark.offset - this.readBytes : pieceBytes;
      await this.readMore(Math.max(pieceBytes, Math.min(want, 1024 * 1024)));
    }
  }

  private readMore(length: number): Promise<void> {
    this.reading ??= this.read(this.readBytes, length)
      .then((piece) => this.takePiece(piece))
      .finally(() => {
        this.reading = null;
      });
    return this.reading;
  }

  private takePiece(piece: RecordingPiece): void {
    this.readBytes = piece.next;
    this.ended = piece.end;
    this.decoder.feed(piece.text, (instruction) => this.take(instruction));
    if (this.ended && this.pending.length > 0)
      this.frames.push({ atMs: this.frames.at(-1)?.atMs ?? 0, instructions: this.pending.splice(0) });
  }

  private take(instruction: GuacInstruction): void {
    const [opcode] = instruction;
    // guacd's recorded keystrokes are for the index, not the screen.
    if (opcode === 'key') return;
    this.pending.push(instruction);
    if (opcode !== 'sync') return;
    const ts = Number(instruction[1]);
    this.firstTs ??= ts;
    this.frames.push({ atMs: Math.max(0, ts - this.firstTs), instructions: this.pending });
    this.pending = [];
  }
}
