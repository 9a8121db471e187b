import { startServer } from './index';

/** `npm run server`: runs the control plane on its own. */
const port = Number(process.env['OPENPSM_PORT'] ?? 4100);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`OPENPSM_PORT must be a port number (0-65535), not "${process.env['OPENPSM_PORT']}".\n`);
  process.exit(2);
}
const running = await startServer({ port });
process.stdout.write(`OpenPSM server at ${running.url}\n`);
const stop = () => void running.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
