import { describe, expect, it } from 'vitest';
import type { ComputerDetail } from '@shared/common/api/controlPlane/computerFields';
import { computerBody, computerDraftOf, computerRefusalErrors, emptyComputer, rebased } from './computerDraft';

const read: ComputerDetail = {
  id: '6f1c1e2a-3b4c-4d5e-8f60-718293a4b5c6',
  name: 'db',
  protocol: 'ssh',
  host: 'db.lab',
  port: 22,
  tags: ['prod'],
  jitEnabled: false,
  recording: true,
  liveMonitoring: true,
  rdp: { security: 'any', certificate: { check: 'verify' } },
  rdpDomain: null,
  sshHostKey: null,
  vncColorDepth: null,
  revision: 1,
  jitProvisioner: null,
};

describe('the computer form', () => {
  it("sends its protocol's options only, the tags as a list and a bad port as out of range", () => {
    const body = computerBody({
      ...emptyComputer,
      name: 'v',
      protocol: 'vnc',
      port: 'x',
      tags: ' a, ,b ',
      vncColorDepth: '16',
      sshHostKey: 'k',
    });
    expect(body).toMatchObject({ port: -1, tags: ['a', 'b'], vncColorDepth: 16 });
    expect(body).not.toHaveProperty('sshHostKey');
    const rdp = computerBody({ ...emptyComputer, protocol: 'rdp', rdpCertificate: 'pin', rdpFingerprints: 'AA\nBB' });
    expect(rdp).toMatchObject({
      rdp: { security: 'any', certificate: { check: 'pin', fingerprints: ['AA', 'BB'] } },
      rdpDomain: null,
    });
  });
  it('names each refused field as a sentence beside its input', () => {
    const errors = computerRefusalErrors({
      code: 'BAD_REQUEST',
      message: '',
      fields: {
        name: 'is required',
        'tags.1': 'may hold letters',
        port: 'Invalid input: expected number',
        'rdp.certificate.fingerprints.0': 'must be a SHA-256 fingerprint',
      },
    });
    expect(errors).toEqual({
      name: 'Name is required.',
      tags: 'Tags may hold letters.',
      port: 'Port must be 1-65535.',
      rdpFingerprints: 'Pinned fingerprint must be a SHA-256 fingerprint.',
    });
  });
  it('keeps what was typed on Reload and takes the new value of every field left as it was read', () => {
    const typed = { ...computerDraftOf(read), tags: 'mine' };
    const fresh = { ...read, host: 'theirs.lab', tags: ['theirs'], revision: 2 };
    expect(rebased(typed, read, fresh)).toMatchObject({ host: 'theirs.lab', tags: 'mine' });
  });
});
