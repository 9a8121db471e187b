import { describe, expect, it } from 'vitest';
import { createLogger } from '@shared/node/logger';
import { referFailure } from './signInFailure';

describe('a directory or issuer failure on the login page', () => {
  it.each(['directory', 'issuer'] as const)(
    'shows the %s failure generically with a reference, and logs the detail under that reference only',
    (service) => {
      const lines: string[] = [];
      const log = createLogger({ name: 'server', sink: (line) => lines.push(line) });
      const message = referFailure(log, service, 'connect ECONNREFUSED 10.1.2.3:636', { url: 'ldaps://10.1.2.3' });
      const reference = /reference: ([0-9A-F]{4}-[0-9A-F]{4})\.$/.exec(message)?.[1];
      expect(reference).toBeDefined();
      expect(message).not.toMatch(/10\.1\.2\.3|ECONNREFUSED/);
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
        event: `auth.${service}_failed`,
        reference,
        detail: 'connect ECONNREFUSED 10.1.2.3:636',
        url: 'ldaps://10.1.2.3',
      });
      expect(referFailure(log, service, 'again')).not.toContain(reference);
    },
  );
});
