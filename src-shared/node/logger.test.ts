import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';

function capture(level: 'error' | 'warn' | 'info' | 'debug' = 'debug') {
  const lines: string[] = [];
  return { lines, log: createLogger({ name: 't', level, sink: (l) => lines.push(l), now: () => new Date(0) }) };
}

describe('the redacting logger', () => {
  it('writes one JSON line per event', () => {
    const { lines, log } = capture();
    log.info('host.started', { port: 4100 });
    expect(lines).toEqual([
      '{"time":"1970-01-01T00:00:00.000Z","level":"info","logger":"t","event":"host.started","port":4100}',
    ]);
  });

  it.each([
    'password',
    'Password',
    'secret',
    'launchSecret',
    'token',
    'accessToken',
    'apiKey',
    'authorization',
    'cookie',
    'credential',
    'ticket',
  ])('redacts a field named %s at every level and depth', (name) => {
    const { lines, log } = capture();
    for (const at of ['error', 'warn', 'info', 'debug'] as const)
      log[at]('e', { [name]: 's3cr3t-value', nested: { deeper: { [name]: 's3cr3t-value' } } });
    expect(lines).toHaveLength(4);
    expect(lines.join('\n')).not.toContain('s3cr3t-value');
  });

  it('cuts registered secret values out of any string, error messages included', () => {
    const { lines, log } = capture();
    log.addSecret('tok-ABCDEFGH');
    log.warn('refused tok-ABCDEFGH', {
      url: 'http://x/#token=tok-ABCDEFGH',
      list: ['a tok-ABCDEFGH'],
      error: new Error('bad tok-ABCDEFGH'),
    });
    expect(lines.join('\n')).not.toContain('tok-ABCDEFGH');
    expect(lines[0]).toContain('[redacted]');
  });

  it('drops events below its level', () => {
    const { lines, log } = capture('warn');
    log.info('quiet');
    log.debug('quieter');
    log.warn('loud');
    expect(lines.map((l) => JSON.parse(l).event)).toEqual(['loud']);
  });
});
