import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import S3rver from 's3rver';
import { freePort, waitForPort } from './ports';
import { root, tempDataDir } from './processes';

/** s3rver's fixed test account (test data, allow-listed in the secret scan). */
export const s3rverKey = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
/** Azurite's well-known development account, published by Microsoft (test data, allow-listed in the secret scan). */
const azuriteAccount = 'devstoreaccount1';
const azuriteAccountKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface ObjectStore {
  port: number;
  /** Where it keeps its data on disk (for the stored-data secret scan). */
  dir: string;
  /** The OPENPSM_* variables that point the control plane at this store (secrets go through files). */
  serverEnv: Record<string, string>;
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
}

/** s3rver (an S3 API on a folder) on 127.0.0.1 with one bucket, `recordings`. */
export async function startS3(): Promise<ObjectStore> {
  const port = await freePort();
  const dir = tempDataDir();
  const secretFile = path.join(dir, 's3-secret');
  fs.writeFileSync(secretFile, s3rverKey.secretAccessKey, { mode: 0o600 });
  let server: S3rver | null = null;
  const start = async () => {
    server = new S3rver({
      port,
      address: '127.0.0.1',
      silent: true,
      directory: path.join(dir, 'data'),
      configureBuckets: [{ name: 'recordings', configs: [] }],
    });
    await server.run();
  };
  await start();
  return {
    port,
    dir: path.join(dir, 'data'),
    serverEnv: {
      OPENPSM_RECORDINGS_STORE: 's3',
      OPENPSM_S3_ENDPOINT: `http://127.0.0.1:${port}`,
      OPENPSM_S3_BUCKET: 'recordings',
      OPENPSM_S3_ACCESS_KEY_ID: s3rverKey.accessKeyId,
      OPENPSM_S3_SECRET_ACCESS_KEY_FILE: secretFile,
    },
    stop: async () => {
      await server?.close();
      server = null;
    },
    start,
  };
}

/** Azurite's Blob service (a child process, stopped with SIGKILL: it ignores SIGTERM while busy) on 127.0.0.1. */
export async function startAzurite(): Promise<ObjectStore> {
  const port = await freePort();
  const dir = tempDataDir();
  const connectionString = `DefaultEndpointsProtocol=http;AccountName=${azuriteAccount};AccountKey=${azuriteAccountKey};BlobEndpoint=http://127.0.0.1:${port}/${azuriteAccount};`;
  const connectionFile = path.join(dir, 'azure-connection');
  fs.writeFileSync(connectionFile, connectionString, { mode: 0o600 });
  let child: ReturnType<typeof spawn> | null = null;
  const start = async () => {
    const running = spawn(
      process.execPath,
      [
        path.join(root, 'node_modules/azurite/dist/src/blob/main.js'),
        '--blobHost',
        '127.0.0.1',
        '--blobPort',
        String(port),
        '--location',
        path.join(dir, 'data'),
        '--silent',
        '--skipApiVersionCheck',
        '--disableProductStyleUrl',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child = running;
    const stderr: string[] = [];
    running.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    await waitForPort(port, {
      timeoutMs: 15_000,
      failed: () => running.exitCode !== null,
      why: () => `Azurite did not start: ${stderr.join('')}`,
    });
  };
  await start();
  return {
    port,
    dir: path.join(dir, 'data'),
    serverEnv: {
      OPENPSM_RECORDINGS_STORE: 'azure',
      OPENPSM_AZURE_CONNECTION_STRING_FILE: connectionFile,
      OPENPSM_AZURE_CONTAINER: 'recordings',
    },
    stop: async () => {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null) return;
      await new Promise((resolve) => {
        running.once('exit', resolve);
        running.kill('SIGKILL');
      });
    },
    start,
  };
}
