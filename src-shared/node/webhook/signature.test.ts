import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyWebhookSignature, webhookSignature } from './signature';

const secret = crypto.randomBytes(16).toString('hex');
const body = '{"version":1,"answers":{}}';

describe('webhook signatures', () => {
  it('verify the body and timestamp they were made over, within the tolerance', () => {
    const signature = webhookSignature(secret, '1000', body);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, { timestamp: '1000', signature }, body, 1100)).toBe(true);
  });

  it('refuse a changed body, another timestamp, another secret, an old request and a missing header', () => {
    const signature = webhookSignature(secret, '1000', body);
    expect(verifyWebhookSignature(secret, { timestamp: '1000', signature }, `${body} `, 1000)).toBe(false);
    expect(verifyWebhookSignature(secret, { timestamp: '1001', signature }, body, 1000)).toBe(false);
    expect(verifyWebhookSignature(`${secret}x`, { timestamp: '1000', signature }, body, 1000)).toBe(false);
    expect(verifyWebhookSignature(secret, { timestamp: '1000', signature }, body, 1000 + 301)).toBe(false);
    expect(verifyWebhookSignature(secret, { timestamp: undefined, signature }, body, 1000)).toBe(false);
    expect(verifyWebhookSignature(secret, { timestamp: '1000', signature: 'sha256=00' }, body, 1000)).toBe(false);
  });
});
