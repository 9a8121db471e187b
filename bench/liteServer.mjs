// guacamole-lite in its own process, in front of the same guacd (double). argv: guacdPort keyHex
import GuacamoleLite from 'guacamole-lite';

const [guacdPort, keyHex] = process.argv.slice(2);
const server = new GuacamoleLite(
  { port: 0, host: '127.0.0.1' },
  { host: '127.0.0.1', port: Number(guacdPort) },
  { crypt: { cypher: 'AES-256-CBC', key: Buffer.from(keyHex, 'hex') }, log: { level: 10 }, maxInactivityTime: 0 },
);
const ws = server.webSocketServer ?? server.wsServer;
const report = () => process.stdout.write(`guacamole-lite listening on ${ws.address().port}\n`);
if (ws.address()) report();
else ws.once('listening', report);
