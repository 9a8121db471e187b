import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApiClient } from '@shared/common/api/bridge';
import { connectSocketBridge, type SocketLike } from '@shared/common/api/socketBridge';
import { createLogger } from '@shared/node/logger';
import { createAppCore } from '@main/appCore';
import { timerDefaults } from '@main/config/timers';
import { startHostServer } from '@main/host/hostServer';
import { percentile, reportSamples } from './report';

/** One API call's round trip through the browser host socket: client parse, dispatch, zod both ways. */
it('api_call_roundtrip_p99', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-bench-'));
  const log = createLogger({ name: 'bench', sink: () => undefined });
  const core = createAppCore({ dataDir, shell: 'browser-host', timers: { ...timerDefaults }, log });
  await core.ready;
  const host = await startHostServer({ rendererDir: dataDir, core, log });
  const socket = await connectSocketBridge(
    `ws://127.0.0.1:${host.port}/api`,
    host.secret,
    (u, p) => new WebSocket(u, p) as unknown as SocketLike,
  );
  const api = createApiClient(socket.bridge);
  for (let i = 0; i < 500; i += 1) await api.app.getInfo({});
  // Three rounds of 5,000 calls; each round's p99 is one sample.
  const p99s: number[] = [];
  for (let round = 0; round < 3; round += 1) {
    const samples: number[] = [];
    for (let i = 0; i < 5000; i += 1) {
      const start = process.hrtime.bigint();
      await api.settings.get({});
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    p99s.push(percentile(samples, 99));
  }
  socket.close();
  await host.close();
  await core.close();
  expect(Math.min(...p99s)).toBeGreaterThan(0);
  reportSamples('api_call_roundtrip_p99', p99s, 'ms');
});
