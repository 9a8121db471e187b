import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { signatureHeader, timestampHeader, verifyWebhookSignature } from '@shared/node/webhook/signature';
import { tempDataDir } from './processes';
import { writeSelfSigned } from './selfSigned';

/** One request the receiver got: its JSON body, and whether its signature checked out with the receiver's secret. */
export interface ReceivedCall {
  body: Record<string, unknown> & { answers: Record<string, string>; round: number };
  signed: boolean;
}

/** What the receiver answers a signed call with: a JSON body, after a delay. */
export type WebhookReply = { json: unknown; delayMs?: number };

/** A running HTTPS authorization webhook, its certificate for the server to trust, and what it received. */
export interface WebhookReceiver {
  url: string;
  /** The CA file the control plane trusts it by (NODE_EXTRA_CA_CERTS). */
  caFile: string;
  calls: ReceivedCall[];
  stop(): Promise<void>;
}

/**
 * A real HTTPS server on 127.0.0.1, with a throwaway self-signed certificate, acting as a
 * policy's authorization webhook, as a customer would write one: it checks each request's
 * HMAC-SHA256 signature and timestamp with `secret`, answers 401 when they do not match, and
 * otherwise answers what `decide` says about the request.
 */
export async function startWebhookReceiver(
  secret: string,
  decide: (call: ReceivedCall['body']) => WebhookReply,
): Promise<WebhookReceiver> {
  const { cert, key } = writeSelfSigned(tempDataDir());
  const calls: ReceivedCall[] = [];
  const server = https.createServer({ cert: fs.readFileSync(cert), key: fs.readFileSync(key) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const headers = {
        timestamp: req.headers[timestampHeader] as string | undefined,
        signature: req.headers[signatureHeader] as string | undefined,
      };
      const signed = verifyWebhookSignature(secret, headers, text, Date.now() / 1000);
      const body = JSON.parse(text) as ReceivedCall['body'];
      calls.push({ body, signed });
      if (!signed)
        return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"bad signature"}');
      const reply = decide(body);
      setTimeout(() => {
        if (!res.destroyed) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply.json));
      }, reply.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}/openpsm/authorize`,
    caFile: cert,
    calls,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
