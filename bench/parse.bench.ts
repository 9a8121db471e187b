import { StringDecoder } from 'node:string_decoder';
import Guacamole from 'guacamole-common-js';
import { expect, it } from 'vitest';
import { loadCapture } from '../e2e/fixtures/guacd/captures';
import { GuacDecoder } from '@shared/common/guac';
import { reportSamples } from './report';

/** The s2c reads of the three captures named by the issue, repeated to at least 50 MB. */
function benchInput(): { chunks: Buffer[]; bytes: number } {
  const reads = ['ssh-bulk', 'rdp-session', 'ssh-join-watcher'].flatMap((name) =>
    loadCapture(name)
      .chunks.filter((c) => c.dir === 's2c')
      .map((c) => Buffer.from(c.data, 'utf8')),
  );
  const once = reads.reduce((sum, c) => sum + c.length, 0);
  const chunks: Buffer[] = [];
  for (let total = 0; total < 50e6; total += once) chunks.push(...reads);
  return { chunks, bytes: chunks.reduce((sum, c) => sum + c.length, 0) };
}

function ours(chunks: Buffer[]): number {
  const decoder = new GuacDecoder();
  let count = 0;
  const onInstruction = () => {
    count += 1;
  };
  for (const chunk of chunks) decoder.feed(chunk, onInstruction);
  return count;
}

/** The peer pipeline: Node's StringDecoder, then guacamole-common-js's own parser. */
function peer(chunks: Buffer[]): number {
  const text = new StringDecoder('utf8');
  const parser = new Guacamole.Parser();
  let count = 0;
  parser.oninstruction = () => {
    count += 1;
  };
  for (const chunk of chunks) parser.receive(text.write(chunk));
  return count;
}

function timeIt(fn: () => number): { ms: number; count: number } {
  const start = process.hrtime.bigint();
  const count = fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, count };
}

it('parse_vs_guacamole_parser', () => {
  const { chunks, bytes } = benchInput();
  expect(bytes).toBeGreaterThanOrEqual(50e6);
  const oursMs: number[] = [];
  const peerMs: number[] = [];
  for (let round = 0; round < 5; round += 1) {
    const a = timeIt(() => ours(chunks));
    const b = timeIt(() => peer(chunks));
    expect(a.count).toBe(b.count); // both decode every instruction
    oursMs.push(a.ms);
    peerMs.push(b.ms);
  }
  // Correct where the peer is wrong: a non-BMP character in an element (ssh-join-owner's msg).
  const name = '4.name,17.fixture-wätcher-👀;';
  expect(new GuacDecoder().decode(name)).toEqual([['name', 'fixture-wätcher-👀']]);
  expect(() => new Guacamole.Parser().receive(name)).toThrow();

  const mbps = (ms: number) => bytes / 1e6 / (ms / 1000);
  reportSamples('parse_throughput', oursMs.map(mbps), 'MB/s');
  reportSamples('parse_peer_throughput', peerMs.map(mbps), 'MB/s');
  reportSamples(
    'parse_vs_guacamole_parser',
    oursMs.map((ms, i) => (peerMs[i] ?? Number.NaN) / ms),
    'x',
  );
});
