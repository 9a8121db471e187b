import WebSocket from 'ws';
import { gatewayReadyTag, gatewayTokenTag, type GatewayHello } from '@shared/common/api/gateway';
import { EndSignal } from '@shared/common/endSignal';
import { OpenPsmError } from '@shared/common/errors';
import { parseInstructionMessage, readTunnelError, type GuacInstruction } from '@shared/common/guac';
import { wsCloseCode } from '@shared/node/transport/errorStatus';

type Listener<T> = (value: T) => void;

/**
 * A session through the control plane's gateway, with the same surface as a GuacdConnection
 * so the relay treats both alike. The ticket goes in the first message, never in the URL;
 * the gateway holds the computer's credential and guacd's `$id`.
 */
export class GatewayLink {
  readonly pendingRequired = new Set<string>();
  /** guacd's `$id` stays on the server; watching goes through the gateway (a later issue). */
  readonly connectionId = '';
  private readonly instructionListeners = new Set<Listener<GuacInstruction[]>>();
  private readonly closeSignal = new EndSignal<OpenPsmError | null>();
  private held: GuacInstruction[] = [];

  private constructor(
    private readonly ws: WebSocket,
    readonly sessionId: string,
  ) {}

  /** Opens the gateway socket, sends the ticket, and resolves once the gateway says guacd is ready. */
  static open(gatewayUrl: string, hello: GatewayHello, readyTimeoutMs: number): Promise<GatewayLink> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(gatewayUrl, { handshakeTimeout: readyTimeoutMs });
      let link: GatewayLink | null = null;
      const early: GuacInstruction[] = [];
      const fail = (error: OpenPsmError) => {
        clearTimeout(timer);
        ws.terminate();
        reject(error);
      };
      const timer = setTimeout(
        () => fail(new OpenPsmError('GUACD_NOT_READY', { message: 'The gateway did not start the session in time.' })),
        readyTimeoutMs,
      );
      ws.on('open', () => ws.send(JSON.stringify(hello)));
      ws.on('error', () => {
        if (!link)
          fail(
            new OpenPsmError('SERVER_UNREACHABLE', {
              message: "The control plane's gateway does not answer. Check that the server is running.",
            }),
          );
      });
      ws.on('message', (data) => {
        const batch = parseInstructionMessage(data.toString()) ?? [];
        if (link) return link.deliver(batch);
        for (const instruction of batch) {
          const refusal = readTunnelError(instruction, 'INTERNAL');
          if (refusal) return fail(new OpenPsmError(refusal.code, { message: refusal.message }));
          if (instruction[0] === '' && instruction[1] === gatewayReadyTag) {
            clearTimeout(timer);
            link = new GatewayLink(ws, instruction[2] ?? '');
            link.held = early.splice(0);
            ws.on('close', () => link?.finish(null));
            resolve(link);
            continue;
          }
          early.push(instruction);
        }
      });
      ws.on('close', () => {
        if (!link)
          fail(new OpenPsmError('GUACD_CLOSED', { message: 'The gateway closed the session before it started.' }));
      });
    });
  }

  private deliver(batch: GuacInstruction[]): void {
    const out: GuacInstruction[] = [];
    for (const instruction of batch) {
      const failure = readTunnelError(instruction, 'INTERNAL');
      if (failure) {
        this.finish(new OpenPsmError(failure.code, { message: failure.message }));
        return;
      }
      if (instruction[0] === 'required') for (const name of instruction.slice(1)) this.pendingRequired.add(name);
      out.push(instruction);
    }
    if (out.length === 0) return;
    if (this.instructionListeners.size === 0) this.held.push(...out);
    for (const listener of this.instructionListeners) listener(out);
  }

  onInstructions(listener: Listener<GuacInstruction[]>): () => void {
    this.instructionListeners.add(listener);
    if (this.held.length > 0) listener(this.held.splice(0));
    return () => this.instructionListeners.delete(listener);
  }

  onClose(listener: Listener<OpenPsmError | null>): () => void {
    return this.closeSignal.on(listener);
  }

  get closed(): boolean {
    return this.closeSignal.ended;
  }

  send(instructions: GuacInstruction[]): void {
    if (!this.closed && instructions.length > 0 && this.ws.readyState === WebSocket.OPEN)
      this.ws.send(JSON.stringify(instructions));
  }

  /** Hands the gateway a refreshed access token, so the session outlives the old one. */
  sendToken(accessToken: string): void {
    this.send([['', gatewayTokenTag, accessToken]]);
  }

  pause(): void {
    this.ws.pause();
  }

  resume(): void {
    this.ws.resume();
  }

  disconnect(): void {
    if (this.closed) return;
    this.send([['disconnect']]);
    this.ws.close(1000, 'ended');
    this.finish(null);
  }

  private finish(reason: OpenPsmError | null): void {
    if (this.closed) return;
    this.closeSignal.end(reason);
    if (this.ws.readyState === WebSocket.OPEN) this.ws.close(wsCloseCode(reason), reason?.code ?? 'ended');
  }
}
