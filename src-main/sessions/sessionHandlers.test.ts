import { describe, expect, it } from 'vitest';
import { OpenPsmError } from '@shared/common/errors';
import { withGuacdAdvice } from './sessionHandlers';

const unreachable = () =>
  Promise.reject(
    new OpenPsmError('GUACD_UNREACHABLE', {
      message: 'OpenPSM could not reach guacd at the configured address. (ECONNREFUSED at 127.0.0.1:4822)',
    }),
  );

describe('GUACD_UNREACHABLE says what to do in the mode in use', () => {
  it.each([
    ['embedded', 'Settings → guacd'],
    ['direct', 'Computers → guacd'],
    ['remote', 'ask its administrator'],
  ] as const)('%s mode: %s', async (mode, advice) => {
    const error = await withGuacdAdvice(() => mode, unreachable).catch((e: unknown) => e as OpenPsmError);
    expect(error).toMatchObject({ code: 'GUACD_UNREACHABLE' });
    expect(error.message).toContain(advice);
    expect(error.message).toContain('(ECONNREFUSED at 127.0.0.1:4822)');
    if (mode !== 'embedded') expect(error.message).not.toContain('Settings → guacd');
  });

  it('passes every other failure unchanged', async () => {
    const other = new OpenPsmError('GUACD_CLOSED');
    await expect(
      withGuacdAdvice(
        () => 'embedded',
        () => Promise.reject(other),
      ),
    ).rejects.toBe(other);
  });
});
