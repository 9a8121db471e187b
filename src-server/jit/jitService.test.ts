import { describe, expect, it } from 'vitest';
import { errorCatalog } from '@shared/common/errors';
import type { ProvisionerConfig } from '../db/jitAccounts';
import { JitService } from './jitService';
import type { Provisioner } from './linuxSshProvisioner';

const config: ProvisionerConfig = {
  port: 22,
  username: 'root',
  secret: 'unit-Secret-4411',
  secretKind: 'password',
  hostKeySha256: `SHA256:${'A'.repeat(43)}`,
};
const stderr = 'useradd failed (exit 1): useradd: cannot lock /etc/passwd; try again later. (host db-internal-07)';

function service(provisioner: Provisioner) {
  const audits: string[] = [];
  const logs: string[] = [];
  const jit = {
    provisioner: () => Promise.resolve(config),
    planned: () => Promise.resolve(),
    removed: () => Promise.resolve(),
    failed: () => Promise.resolve(),
    leftovers: () => Promise.resolve([]),
  };
  const deps = {
    jit,
    computers: { hostOf: () => Promise.resolve('10.0.0.7') },
    provisioner,
    state: {
      audit: (actor: string, action: string, target: string) =>
        Promise.resolve(void audits.push(`${actor} ${action} ${target}`)),
    },
    log: {
      info: () => undefined,
      warn: (event: string, fields?: Record<string, unknown>) => void logs.push(`${event} ${JSON.stringify(fields)}`),
    },
  };
  return { jitService: new JitService(deps), audits, logs };
}

describe('a JIT account that cannot be created', () => {
  it("tells the person JIT_PROVISIONING_FAILED in the catalog's words; the target's stderr goes to the log and the audit only", async () => {
    const { jitService, audits, logs } = service({
      create: () => Promise.reject(new Error(stderr)),
      remove: () => Promise.resolve(),
    });
    const refused = await jitService.open('c1', 's1', 'erin').then(
      () => null,
      (error: unknown) => error as { code: string; message: string },
    );
    expect(refused).toMatchObject({ code: 'JIT_PROVISIONING_FAILED', message: errorCatalog.JIT_PROVISIONING_FAILED });
    expect(audits.find((a) => a.startsWith('erin jit.create_failed'))).toContain('cannot lock /etc/passwd');
    expect(logs.find((l) => l.startsWith('jit.create_failed'))).toContain('cannot lock /etc/passwd');
  });
});
