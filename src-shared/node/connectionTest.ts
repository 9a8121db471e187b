import type { ConnectionTestInput, ConnectionTestResult } from '../common/api/controlPlane/computerTools';
import { readRdpCertificate } from './rdp/certificateProbe';
import { readSshHostKey } from './ssh/hostKeyProbe';
import { connectTcp, readVncVersion, timedOut } from './targetProbe';

/** The time left of the test's budget, at least 1 ms; TARGET_TIMEOUT once it is spent. */
function remaining(input: ConnectionTestInput, deadline: number, timeoutMs: number): number {
  const left = deadline - Date.now();
  if (left <= 0) throw timedOut(input.host, input.port, timeoutMs);
  return left;
}

/**
 * Tests a computer's connection fields from here (the server, where sessions start): opens
 * host:port (timing it), then per protocol reads what an administrator pins or checks: SSH's host
 * key, RDP's certificate (negotiation then TLS, on a second connection), VNC's RFB banner; Telnet
 * only answers. Nothing logs in. The whole test takes at most `timeoutMs`; a failure is a coded
 * OpenPsmError (TARGET_REFUSED, TARGET_HOST_UNKNOWN, TARGET_TIMEOUT, TARGET_UNREACHABLE, NOT_SSH,
 * NOT_VNC, RDP_CERTIFICATE_UNREADABLE) whose message names host:port and what answered.
 */
export async function testConnection(input: ConnectionTestInput, timeoutMs: number): Promise<ConnectionTestResult> {
  const deadline = Date.now() + timeoutMs;
  const where = `${input.host}:${input.port}`;
  const { socket, connectMs } = await connectTcp(input.host, input.port, timeoutMs);
  const shownMs = Math.round(connectMs * 10) / 10;
  const base = { protocol: input.protocol, host: input.host, port: input.port, connectMs: shownMs };
  const answered = `${where} answered in ${shownMs} ms`;
  try {
    if (input.protocol === 'ssh') {
      const ssh = await readSshHostKey(socket, where, remaining(input, deadline, timeoutMs));
      return { ...base, ssh, summary: `${answered}: ${ssh.banner}, host key ${ssh.algorithm} ${ssh.fingerprint}` };
    }
    if (input.protocol === 'vnc') {
      const version = await readVncVersion(socket, where, remaining(input, deadline, timeoutMs));
      return { ...base, vnc: { version }, summary: `${answered}: a VNC server (${version})` };
    }
    socket.destroy();
    if (input.protocol === 'telnet')
      return { ...base, summary: `${answered}. Telnet has no host key or certificate to check.` };
    if (input.rdpSecurity === 'rdp')
      return {
        ...base,
        summary: `${answered}. With RDP security (its own encryption) the computer shows no certificate to pin.`,
      };
    const rdp = await readRdpCertificate(input.host, input.port, remaining(input, deadline, timeoutMs));
    return {
      ...base,
      rdp,
      summary: `${answered}: an RDP server (${rdp.protocol.toUpperCase()}), certificate ${rdp.fingerprint}`,
    };
  } finally {
    socket.destroy();
  }
}
