import {
  secretProtocolPrefix,
  sessionPortMessageKey,
  sessionSocketProtocol,
  tokenProtocolPrefix,
} from '@shared/common/api/rpc';

export interface LinkHandlers {
  onOpen(): void;
  onMessage(text: string): void;
  /** The link ended; `clean` when it closed normally. */
  onClose(clean: boolean): void;
}

/** One session's stream to main: a WebSocket in the browser host, a MessagePort in the desktop app. */
export interface SessionLink {
  open(handlers: LinkHandlers): void;
  send(text: string): void;
  close(): void;
}

/** The browser host's per-session WebSocket: launch secret and one-time token as sub-protocols. */
export function socketLink(url: string, secret: string, token: string): SessionLink {
  let socket: WebSocket | null = null;
  return {
    open(h) {
      socket = new WebSocket(url, [
        sessionSocketProtocol,
        `${secretProtocolPrefix}${secret}`,
        `${tokenProtocolPrefix}${token}`,
      ]);
      socket.onopen = () => h.onOpen();
      socket.onmessage = (event: MessageEvent<unknown>) => typeof event.data === 'string' && h.onMessage(event.data);
      socket.onclose = (event) => h.onClose(event.code === 1000);
    },
    send: (text) => socket?.readyState === WebSocket.OPEN && socket.send(text),
    close: () => socket?.close(1000, 'closed by the user'),
  };
}

/** The desktop's MessagePort: main attaches the session to a port and the preload posts it here. */
export function portLink(attach: (token: string) => Promise<unknown>, token: string): SessionLink {
  let port: MessagePort | null = null;
  let ended = false;
  return {
    open(h) {
      const end = (clean: boolean) => {
        if (ended) return;
        ended = true;
        h.onClose(clean);
      };
      const onWindowMessage = (event: MessageEvent<unknown>) => {
        const data = event.data as Record<string, unknown> | null;
        if (event.source !== window || data?.[sessionPortMessageKey] !== token || !event.ports[0]) return;
        window.removeEventListener('message', onWindowMessage);
        port = event.ports[0];
        port.onmessage = (message: MessageEvent<unknown>) =>
          typeof message.data === 'string' && h.onMessage(message.data);
        port.start();
        h.onOpen();
      };
      window.addEventListener('message', onWindowMessage);
      attach(token).then(
        (reply) => {
          if ((reply as { ok?: unknown } | null)?.ok !== true) {
            window.removeEventListener('message', onWindowMessage);
            end(false);
          }
        },
        () => end(false),
      );
    },
    send: (text) => port?.postMessage(text),
    close: () => {
      ended = true;
      port?.close();
      port = null;
    },
  };
}
