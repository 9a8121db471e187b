import { isAscii } from 'node:buffer';
import type net from 'node:net';
import { EndSignal } from '../../common/endSignal';
import { OpenPsmError } from '../../common/errors';
import {
  editInstructions,
  encodeInstruction,
  batchOf,
  rescanned,
  type GuacBatch,
  type GuacInstruction,
  type PickedInstruction,
} from '../../common/guac';
import { GuacReader } from '../../common/guac/reader';
import { sharedIntervals } from '../sharedIntervals';
import { connectGuacd, malformedStream, socketFailure, unreachableWithin, type GuacdAddress } from './guacdSocket';
import { guacdTimerDefaults, type GuacdTimers } from './guacdTimers';
import { guacdError } from './guacdErrors';
import { handshakeInstructions, lacksArgument, negotiateVersion, ours, type ConnectOptions } from './guacdHandshake';

export type { GuacdAddress } from './guacdSocket';
export { negotiateVersion, type ConnectOptions } from './guacdHandshake';

/** What the connection acts on after `ready`; the empty opcode is the tunnel's own, dropped when guacd sends it. */
const ownOpcodes = ['required', 'error', 'disconnect', ''];

type Listener<T> = (value: T) => void;

/**
 * One link to guacd: the handshake by name, then a stream of instructions. It owns its deadlines
 * (guacd is often silent instead of failing), sends `nop` so guacd never drops a quiet user,
 * answers `required` from the credentials it holds, and closes the socket itself after
 * `disconnect` (guacd never does). Every failure ends it with one OpenPsmError.
 */
export class GuacdConnection {
  /** The `$id` from `ready`: what a watcher selects to join. */
  connectionId = '';
  /** The parameter names guacd asked for, in its order. */
  argNames: string[] = [];
  version = ours;
  private readonly batchListeners = new Set<Listener<GuacBatch>>();
  private readonly held: GuacBatch[] = [];
  private readonly closeSignal = new EndSignal<OpenPsmError | null>();
  /** The opcodes read whole: the handshake's, the connection's own, and its reader's (`pick`). */
  private readonly picks: Set<string>;
  private phase: 'connecting' | 'args' | 'ready' | 'open' = 'connecting';
  private readonly reader: GuacReader;
  private readonly timers: GuacdTimers;
  private silence: NodeJS.Timeout | null = null;
  private stopNop: (() => void) | null = null; // one shared timer sends every link's `nop` in one wake-up
  private ended = false;
  /** Whether guacd sent anything after `ready`; a link dropped before that was rejected. */
  private heardAfterReady = false;
  private nextStream = 0;
  /** Names guacd asked for with `required` that no answer has covered yet. */
  readonly pendingRequired = new Set<string>();

  private constructor(
    private readonly socket: net.Socket,
    private readonly options: ConnectOptions,
  ) {
    this.timers = { ...guacdTimerDefaults, ...options.timers };
    this.picks = new Set(['args', 'ready', ...ownOpcodes, ...(options.pick ?? [])]);
    // guacd's ASCII bytes go the reader's byte path, and on to the client as they came.
    this.reader = new GuacReader(this.picks, isAscii);
  }

  /** Connects, runs the handshake and resolves once guacd sent `ready`; rejects with a coded error. */
  static open(address: GuacdAddress, options: ConnectOptions): Promise<GuacdConnection> {
    return new Promise((resolve, reject) => {
      const connection = new GuacdConnection(connectGuacd(address), options);
      connection.handshake(address, resolve, reject);
    });
  }

  /**
   * guacd's instructions after `ready`, as the text it sent, cut at instruction boundaries,
   * with the picked opcodes decoded (`pick`). What came before the first listener (even in
   * the same read as `ready`) is held and handed to it first.
   */
  onBatch(listener: Listener<GuacBatch>): () => void {
    this.batchListeners.add(listener);
    // Resumed first: a listener that pauses while it takes the held batches stays paused.
    this.resume();
    for (const batch of this.held.splice(0)) listener(batch);
    return () => this.batchListeners.delete(listener);
  }

  /** Decodes these opcodes in the batches too, from now on and in what is held for the first listener. */
  pick(opcodes: string[]): void {
    for (const opcode of opcodes) this.reader.addPick(opcode);
    this.held.splice(0, this.held.length, ...rescanned(this.held, this.picks));
  }

  /** Stops reading from guacd (backpressure: guacd then waits, as it does for a slow user). */
  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    if (!this.ended) this.socket.resume();
  }

  /** Called once when the link ends: null after a clean disconnect, else why. A listener added after the end hears it too. */
  onClose(listener: Listener<OpenPsmError | null>): () => void {
    return this.closeSignal.on(listener);
  }

  /** True once the link has ended and its listeners were told. */
  get closed(): boolean {
    return this.closeSignal.ended;
  }

  /** Sends instructions as they are (the relay checks what may pass before calling this). */
  send(instructions: GuacInstruction[]): void {
    if (this.ended || instructions.length === 0) return;
    this.socket.write(instructions.map(encodeInstruction).join(''));
  }

  /** Answers `required` values with argv streams, and forgets them as pending. */
  answerRequired(values: Record<string, string>): void {
    const out: GuacInstruction[] = [];
    for (const [name, value] of Object.entries(values)) {
      const stream = String(this.nextStream++);
      out.push(
        ['argv', stream, 'text/plain', name],
        ['blob', stream, Buffer.from(value, 'utf8').toString('base64')],
        ['end', stream],
      );
      this.pendingRequired.delete(name);
    }
    this.send(out);
  }

  /** Ends the session: `disconnect` to guacd, then the socket closes from our side. */
  disconnect(): void {
    if (this.ended) return;
    this.send([['disconnect']]);
    this.finish(null);
  }

  private handshake(
    address: GuacdAddress,
    resolve: (c: GuacdConnection) => void,
    reject: (e: OpenPsmError) => void,
  ): void {
    const { socket } = this;
    const fail = (error: OpenPsmError) => {
      if (this.phase !== 'open') reject(error);
      this.finish(error);
    };
    let deadline = setTimeout(() => fail(unreachableWithin(this.timers.argsTimeoutMs)), this.timers.argsTimeoutMs);
    const arm = (ms: number, error: OpenPsmError) => {
      clearTimeout(deadline);
      deadline = setTimeout(() => fail(error), ms);
    };
    this.closeSignal.on(() => clearTimeout(deadline));

    socket.once(address.tls ? 'secureConnect' : 'connect', () => {
      this.phase = 'args';
      arm(
        this.timers.argsTimeoutMs,
        new OpenPsmError('GUACD_NO_ANSWER', { seconds: this.timers.argsTimeoutMs / 1000 }),
      );
      socket.write(encodeInstruction(['select', this.options.select]));
    });
    socket.on('error', (error: NodeJS.ErrnoException) =>
      fail(socketFailure(address, error, this.phase === 'connecting')),
    );
    socket.on('close', () => fail(new OpenPsmError('GUACD_CLOSED')));
    const step = (instruction: GuacInstruction) => {
      const [opcode, ...args] = instruction;
      if (opcode === 'error') {
        fail(guacdError(instruction, this.options));
      } else if (this.phase === 'args' && opcode === 'args') {
        if (this.takeArgs(args, fail)) {
          this.phase = 'ready';
          arm(
            this.timers.readyTimeoutMs,
            new OpenPsmError('GUACD_NOT_READY', { seconds: this.timers.readyTimeoutMs / 1000 }),
          );
        }
      } else if (this.phase === 'ready' && opcode === 'ready') {
        clearTimeout(deadline);
        this.connectionId = args[0] ?? '';
        this.phase = 'open';
        this.armSilence();
        this.stopNop = sharedIntervals.every(this.timers.nopIntervalMs, () => this.send([['nop']]));
        resolve(this);
      }
    };
    socket.on('data', (chunk: Buffer) => {
      if (this.phase === 'open') this.armSilence();
      try {
        this.read(chunk, step);
      } catch (error) {
        fail(malformedStream(error));
      }
    });
  }

  /** guacd's `args`: the version and the parameter names; false when the session is refused. */
  private takeArgs(args: string[], fail: (error: OpenPsmError) => void): boolean {
    this.version = negotiateVersion(args[0] ?? '');
    this.argNames = args.slice(1);
    const lacking = (this.options.needs ?? []).filter((name) => !this.argNames.includes(name));
    if (lacking.length > 0) {
      fail(lacksArgument(this.options.select, args[0] ?? '', lacking));
      return false;
    }
    this.sendHandshake();
    return true;
  }

  /** Reads a chunk: handshake instructions go to `step`; what follows `ready` is the session's batch. */
  private read(chunk: Buffer, step: (instruction: GuacInstruction) => void): void {
    const picked: PickedInstruction[] = [];
    let from = this.phase === 'open' ? 0 : -1;
    const run = this.reader.read(chunk, (instruction, start, end) => {
      if (from >= 0) picked.push({ instruction, start: start - from, end: end - from });
      else {
        step(instruction);
        if (this.phase === 'open') from = end;
      }
    });
    if (from < 0 || from >= run.length || this.ended) return;
    this.heardAfterReady = true;
    const rest = from === 0 ? run : typeof run === 'string' ? run.slice(from) : run.subarray(from);
    const batch = batchOf(rest, picked);
    const edited = batch && editInstructions(batch, (instruction) => this.inspect(instruction));
    if (edited) this.deliver(edited);
  }

  private deliver(batch: GuacBatch): void {
    if (this.batchListeners.size === 0) {
      // Nobody listens yet: keep what was read and stop reading until someone does.
      this.held.push(batch);
      this.socket.pause();
      return;
    }
    for (const listener of this.batchListeners) listener(batch);
  }

  private sendHandshake(): void {
    this.send(handshakeInstructions(this.options, this.version, this.argNames));
  }

  /**
   * Handles what the connection itself must act on: null when the instruction is consumed here,
   * its new text when rewritten, undefined to pass it on. `required` is answered from the held
   * credentials where it can be; the rest stays pending and goes on to the client (to ask the user).
   */
  private inspect(instruction: GuacInstruction): string | null | undefined {
    const [opcode, ...args] = instruction;
    if (opcode === '') return null;
    if (opcode === 'required') {
      const known: Record<string, string> = {};
      for (const name of args) {
        const value = this.options.credentials?.[name];
        if (value !== undefined && value !== '') known[name] = value;
        else this.pendingRequired.add(name);
      }
      if (Object.keys(known).length > 0) this.answerRequired(known);
      return this.pendingRequired.size === 0 ? null : undefined;
    }
    if (opcode === 'disconnect') queueMicrotask(() => this.finish(null));
    if (opcode !== 'error') return undefined;
    const as = encodeInstruction(instruction);
    const error = guacdError(instruction, this.options);
    // The client sees the error first (rewritten, if guacdError did), then the link ends (guacd never closes it).
    queueMicrotask(() => this.finish(error));
    const rewritten = encodeInstruction(instruction);
    return rewritten === as ? undefined : rewritten;
  }

  private armSilence(): void {
    if (this.silence) this.silence.refresh();
    else
      this.silence = setTimeout(
        () => this.finish(new OpenPsmError('GUACD_SILENT', { seconds: this.timers.silenceTimeoutMs / 1000 })),
        this.timers.silenceTimeoutMs,
      );
  }

  private finish(reason: OpenPsmError | null): void {
    if (this.ended) return;
    this.ended = true;
    // guacd answers a connect it will not run (e.g. a wrong value count) with ready and then nothing.
    const quiet = reason?.code === 'GUACD_SILENT' || reason?.code === 'GUACD_CLOSED';
    const silentFromStart = this.connectionId !== '' && !this.heardAfterReady && quiet;
    const error = silentFromStart ? new OpenPsmError('GUACD_REJECTED') : reason;
    if (this.silence) clearTimeout(this.silence);
    this.stopNop?.();
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 1000).unref();
    this.closeSignal.end(error);
  }
}
