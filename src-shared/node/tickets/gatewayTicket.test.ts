import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openTicket, sealTicket, type TicketClaims } from './gatewayTicket';

const key = crypto.randomBytes(32);
const now = 1_800_000_000;
const claims = (over: Partial<TicketClaims> = {}): TicketClaims => ({
  v: 1,
  jti: crypto.randomUUID(),
  kind: 'connect',
  personId: crypto.randomUUID(),
  policyId: crypto.randomUUID(),
  computerId: crypto.randomUUID(),
  accessLevelId: null,
  credential: { kind: 'shared' },
  iat: now,
  exp: now + 60,
  ...over,
});

describe('gateway tickets', () => {
  it('open to the same claims under the same key, and hide them', () => {
    const c = claims();
    const ticket = sealTicket(key, c);
    expect(openTicket(key, ticket, now)).toEqual({ ok: true, claims: c });
    expect(Buffer.from(ticket, 'base64url').toString('latin1')).not.toContain(c.personId);
    expect(sealTicket(key, c)).not.toBe(ticket);
  });

  it('refuse a changed byte, another key, garbage and non-strings as TICKET_INVALID, and a late one as TICKET_EXPIRED', () => {
    const ticket = sealTicket(key, claims());
    const bytes = Buffer.from(ticket, 'base64url');
    for (let i = 0; i < bytes.length; i += 7) {
      const changed = Buffer.from(bytes);
      changed[i] = (changed[i] as number) ^ 0x20;
      expect(openTicket(key, changed.toString('base64url'), now)).toEqual({ ok: false, code: 'TICKET_INVALID' });
    }
    expect(openTicket(crypto.randomBytes(32), ticket, now)).toEqual({ ok: false, code: 'TICKET_INVALID' });
    for (const junk of [
      '',
      'x',
      'a'.repeat(5000),
      'a'.repeat(40_000),
      '../../etc',
      42,
      null,
      { ticket },
      ticket.slice(0, 20),
    ])
      expect(openTicket(key, junk, now)).toEqual({ ok: false, code: 'TICKET_INVALID' });
    expect(openTicket(key, ticket, now + 60)).toEqual({ ok: false, code: 'TICKET_EXPIRED' });
  });

  it('carry a personal credential sealed: neither the secret nor the username can be read from the ticket', () => {
    const personal = { username: 'erin.personal', secret: 'Personal-Secret-Never-Stored-7', kind: 'password' as const };
    const c = claims({ credential: { kind: 'personal', personal } });
    const ticket = sealTicket(key, c);
    const opened = openTicket(key, ticket, now);
    expect(opened.ok && opened.claims.credential).toEqual({ kind: 'personal', personal });
    for (const encoding of ['latin1', 'utf8', 'base64'] as const)
      expect(Buffer.from(ticket, 'base64url').toString(encoding)).not.toMatch(/Personal-Secret|erin\.personal/);
  });

  it('never throws on random input (fuzz)', () => {
    for (let i = 0; i < 2000; i += 1) {
      const junk = crypto.randomBytes(1 + (i % 200)).toString('base64url');
      expect(openTicket(key, junk, now).ok).toBe(false);
    }
  });
});
