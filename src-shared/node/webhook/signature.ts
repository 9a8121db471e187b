import crypto from 'node:crypto';

/** The headers an authorization webhook request carries: when it was signed, and the signature. */
export const timestampHeader = 'x-openpsm-timestamp';
export const signatureHeader = 'x-openpsm-signature';

/** HMAC-SHA256 over "<timestamp>.<body>" with the policy's secret, as `sha256=<hex>`. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a receiver checks: the signature matches the body and the timestamp, and the timestamp is
 * within `toleranceSeconds` of its clock (a replayed request is refused). Compared in constant time.
 */
export function verifyWebhookSignature(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(webhookSignature(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}
