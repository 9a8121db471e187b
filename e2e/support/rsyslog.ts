import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDaemon, type Daemon } from './daemons';

/** A throwaway rsyslog (Debian `rsyslog`) taking RFC 5424 over TCP on 127.0.0.1 and writing each message's raw text to a file. */
export interface ThrowawayRsyslog {
  port: number;
  /** What it received so far, one message a line. */
  received(): string;
  /** Starts it again on the same port and file (after `stop`). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops it and removes its folder. */
  remove(): Promise<void>;
}

export async function startRsyslog(port: number): Promise<ThrowawayRsyslog> {
  if (!fs.existsSync('/usr/sbin/rsyslogd'))
    throw new Error('rsyslogd is not installed: run scripts/test.sh (it installs scripts/debian-packages.txt).');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-rsyslog-'));
  const file = path.join(dir, 'received.log');
  const conf = path.join(dir, 'rsyslog.conf');
  fs.writeFileSync(
    conf,
    [
      `global(workDirectory="${dir}")`,
      'module(load="imtcp")',
      'template(name="raw" type="string" string="%rawmsg%\\n")',
      `ruleset(name="received") { action(type="omfile" file="${file}" template="raw") }`,
      `input(type="imtcp" address="127.0.0.1" port="${port}" ruleset="received")`,
    ].join('\n'),
  );
  let daemon: Daemon | null = null;
  const start = async () => {
    daemon = await startDaemon({
      name: 'rsyslogd',
      command: '/usr/sbin/rsyslogd',
      args: ['-n', '-f', conf, '-i', path.join(dir, 'rsyslogd.pid')],
      port,
    });
  };
  const stop = async () => {
    await daemon?.stop();
    daemon = null;
  };
  await start();
  return {
    port,
    received: () => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : ''),
    start,
    stop,
    remove: async () => {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
