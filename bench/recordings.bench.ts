import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { expect, it } from 'vitest';
import { openStore, resolveServerKey } from '@server/index';
import { RecordingRepository } from '@server/db/recordings';
import { indexRecording } from '@server/recordings/recordingIndexer';
import { LocalStore } from '@server/recordings/stores';
import { RecordingUploader } from '@server/recordings/uploader';
import { serverKeyFrom } from '@server/secrets/serverKey';
import { recordingsPage, startRecordingLab } from '../e2e/support/recordingLab';
import { buildLongRecording, captures } from './longRecording';
import { reportBench, reportSamples } from './report';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-bench-rec-'));
/** One hour of the RDP capture (guacamole-common-js 1.5's parser miscounts the astral characters in the SSH/VNC captures). */
const hourFile = path.join(work, 'hour.recording');
const hourBytes = buildLongRecording(captures[2] ?? '', 3600, hourFile);
const runs = 5;

it('recording_size_per_hour: what an hour of recording takes, from the captured SSH, VNC and RDP sessions (mean)', async () => {
  const perHour = await Promise.all(
    captures.map(async (file) => {
      const found = await indexRecording(file);
      return (found.bytes / (found.durationMs / 1000)) * 3600;
    }),
  );
  reportBench('recording_size_per_hour', perHour.reduce((a, b) => a + b, 0) / perHour.length / 1e6, 'MB');
});

it('upload_throughput: a 1-hour recording through the uploader (index, store, read back and compare by SHA-256) into the local store', async () => {
  const dataDir = path.join(work, 'upload');
  const store = await openStore({ dataDir }, serverKeyFrom(crypto.randomBytes(32)));
  try {
    const personId = (
      await store.persons.create({ username: 'erin', displayName: 'Erin', passwordHash: 'x', roles: [] })
    ).id;
    const computerId = await store.catalog.createComputer({
      name: 'lab-rdp',
      protocol: 'rdp',
      host: 'h',
      port: 3389,
      jitEnabled: false,
      recording: true,
      liveMonitoring: true,
    });
    const recordings = new RecordingRepository(store.db);
    const guacdDir = path.join(dataDir, 'recordings');
    fs.mkdirSync(guacdDir);
    const uploader = new RecordingUploader({
      recordings,
      store: new LocalStore(path.join(dataDir, 'store')),
      recordingsDir: guacdDir,
      quarantineDir: path.join(dataDir, 'quarantine'),
      timers: { settleMs: 1, uploadRetryMs: 1000, uploadRetries: 0, quarantineRetryMs: 60_000 },
      isLive: () => false,
      log: { info: () => undefined, warn: () => undefined },
    });
    const rates: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const sessionId = crypto.randomUUID();
      await uploader.started({ sessionId, personId, computerId });
      fs.copyFileSync(hourFile, path.join(guacdDir, sessionId));
      const started = performance.now();
      uploader.ended(sessionId);
      await expect
        .poll(async () => (await recordings.byFile(sessionId))?.status, { timeout: 60_000, interval: 5 })
        .toBe('stored');
      rates.push(hourBytes / 1e6 / ((performance.now() - started) / 1000));
    }
    await uploader.close();
    reportSamples('upload_throughput', rates, 'MB/s');
  } finally {
    await store.close();
  }
});

/** The 1-hour recording, listed as stored in the lab's local store (as the uploader leaves it); returns its session id and id. */
async function storeHour(dataDir: string): Promise<{ sessionId: string; id: string }> {
  const store = await openStore({ dataDir }, resolveServerKey({ dataDir }).key);
  try {
    const recordings = new RecordingRepository(store.db);
    const person = await store.persons.findByUsername('erin');
    const computer = await store.db
      .selectFrom('computers')
      .select('id')
      .where('name', '=', 'lab-rdp')
      .executeTakeFirstOrThrow();
    const sessionId = crypto.randomUUID();
    const id = await recordings.add({
      sessionId,
      fileName: sessionId,
      personId: person?.id ?? '',
      computerId: computer.id,
    });
    await recordings.indexed(id, await indexRecording(hourFile));
    fs.mkdirSync(path.join(dataDir, 'recordings-store'), { recursive: true });
    fs.copyFileSync(hourFile, path.join(dataDir, 'recordings-store', sessionId));
    await recordings.setStatus(id, 'stored', { store: 'local', attempts: 1, error: null });
    return { sessionId, id };
  } finally {
    await store.close();
  }
}

/** guacamole-common-js's SessionRecording, fed through a Tunnel with the same file read from the same API, until its first frame (after it has parsed all). */
const sessionRecordingHarness = `<!doctype html><html><body><div id="screen"></div><script>${fs.readFileSync(path.join(import.meta.dirname, '../node_modules/guacamole-common-js/dist/cjs/guacamole-common.js'), 'utf8').replace(/^module\.exports = Guacamole;$/m, '')}</script></body></html>`;

/** Runs in the app's page: notes when Play is clicked and when the player marks its first frame drawn (data-first-frame). */
const firstFrameProbe = `(() => {
  window.firstFrame = {};
  document.addEventListener('click', (e) => { if (e.target.closest('[aria-label^="Play the recording"]')) window.firstFrame.click = performance.now(); }, true);
  new MutationObserver(() => {
    if (!window.firstFrame.ready && document.querySelector('[data-testid=player-screen][data-first-frame=drawn]')) window.firstFrame.ready = performance.now();
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-first-frame'] });
})()`;

/** Runs in the harness page (plain JavaScript): reads the file piece by piece, feeds SessionRecording, waits for its first frame. */
const harnessRun = `async ({ id, token }) => {
  const started = performance.now();
  const tunnel = new Guacamole.Tunnel();
  tunnel.connect = () => undefined;
  tunnel.sendMessage = () => undefined;
  tunnel.setState(Guacamole.Tunnel.State.OPEN);
  const recording = new Guacamole.SessionRecording(tunnel);
  document.getElementById('screen').appendChild(recording.getDisplay().getElement());
  const loaded = new Promise((resolve) => (recording.onload = resolve));
  const parser = new Guacamole.Parser();
  parser.oninstruction = (opcode, args) => tunnel.oninstruction(opcode, args);
  for (let offset = 0, end = false; !end; ) {
    const res = await fetch('/api/recordings/' + id + '/read', { method: 'POST', headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' }, body: JSON.stringify({ offset, length: 1024 * 1024 }) });
    const piece = await res.json();
    parser.receive(piece.text);
    offset = piece.next;
    end = piece.end;
  }
  tunnel.setState(Guacamole.Tunnel.State.CLOSED);
  await loaded;
  await new Promise((resolve) => recording.seek(0, resolve));
  await new Promise((resolve) => recording.getDisplay().flush(resolve));
  return { ms: performance.now() - started, duration: recording.getDuration() };
}`;

async function sessionRecordingFirstFrame(
  browser: Browser,
  serverUrl: string,
  token: string,
  id: string,
): Promise<number> {
  const page = await browser.newPage();
  await page.route(`${serverUrl}/bench-harness`, (route) =>
    route.fulfill({ contentType: 'text/html', body: sessionRecordingHarness }),
  );
  await page.goto(`${serverUrl}/bench-harness`);
  const result = (await page.evaluate(`(${harnessRun})(${JSON.stringify({ id, token })})`)) as {
    ms: number;
    duration: number;
  };
  await page.close();
  expect(result.duration).toBeGreaterThan(3_500_000);
  return result.ms;
}

it('playback_first_frame_1h and playback_first_frame_vs_sessionrecording: from Play to the first frame of a 1-hour recording, in the app, against guacamole-common-js SessionRecording', async () => {
  const rec = await startRecordingLab('local');
  const browser = await chromium.launch({
    executablePath: process.env['OPENPSM_CHROMIUM'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const { sessionId, id } = await storeHour(rec.dataDir);
    const page = await recordingsPage(browser, rec.lab, 'bob');
    // Measured in the page, as the baseline is: from the click on Play to the first frame drawn.
    await page.evaluate(firstFrameProbe);
    const ours: number[] = [];
    // One warm-up each (not counted), then `runs` measured.
    for (let i = 0; i <= runs; i += 1) {
      const play = page.getByTestId(`recording-${sessionId}`).getByRole('button', { name: /^Play the recording/ });
      await page.evaluate('window.firstFrame = {}');
      await play.click();
      await expect
        .poll(() => page.getByTestId('player-screen').getAttribute('data-ready'), { timeout: 30_000 })
        .toBe('yes');
      const ms = (await page.evaluate('window.firstFrame.ready - window.firstFrame.click')) as number;
      if (i > 0) ours.push(ms);
      await page.getByRole('button', { name: 'Close player' }).click();
    }
    const token = await rec.lab.env.token('bob');
    const theirs: number[] = [];
    for (let i = 0; i <= runs; i += 1) {
      const ms = await sessionRecordingFirstFrame(browser, rec.lab.env.server.url, token, id);
      if (i > 0) theirs.push(ms);
    }
    reportSamples('playback_first_frame_1h', ours, 'ms');
    // Each of ours against the baseline's run of the same index.
    reportSamples(
      'playback_first_frame_vs_sessionrecording',
      ours.map((ms, i) => (theirs[i] ?? Number.NaN) / ms),
      'x',
    );
  } finally {
    await browser.close();
    await rec.stop();
  }
});
