import { z } from 'zod';

/** How guacd and an RDP computer secure the link: negotiated (any), NLA, TLS, or RDP's own encryption. */
export const rdpSecurityModeSchema = z.enum(['any', 'nla', 'tls', 'rdp']);
export type RdpSecurityMode = z.infer<typeof rdpSecurityModeSchema>;

/** A certificate's SHA-256 fingerprint as 32 colon-separated hex bytes, kept upper-case (AA:BB:…). */
export const certificateFingerprintSchema = z
  .string()
  .trim()
  .regex(/^([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$/, 'must be a SHA-256 fingerprint: 32 hex bytes separated by colons')
  .transform((fingerprint) => fingerprint.toUpperCase());

/**
 * How guacd checks the RDP computer's certificate: against guacd's system store, against pinned
 * SHA-256 fingerprints (OpenPSM's trust on first use ends in a pin), or not at all (with a warning).
 */
export const rdpCertificateSchema = z.discriminatedUnion('check', [
  z.object({ check: z.literal('verify') }).strict(),
  z.object({ check: z.literal('pin'), fingerprints: z.array(certificateFingerprintSchema).min(1).max(8) }).strict(),
  z.object({ check: z.literal('ignore') }).strict(),
]);
export type RdpCertificate = z.infer<typeof rdpCertificateSchema>;

export const rdpSettingsSchema = z
  .object({ security: rdpSecurityModeSchema, certificate: rdpCertificateSchema })
  .strict();
export type RdpSettings = z.infer<typeof rdpSettingsSchema>;

/** A new RDP computer: negotiated security, the certificate verified against guacd's system store. */
export const defaultRdpSettings: RdpSettings = { security: 'any', certificate: { check: 'verify' } };

/** What reading an RDP computer's certificate found (the gateway or the app reads it itself). */
export const rdpCertificateSeenSchema = z.object({
  fingerprint: certificateFingerprintSchema,
  subject: z.string().max(1024),
  issuer: z.string().max(1024),
  validTo: z.string().max(64),
  /** What the computer chose when offered TLS and NLA. */
  protocol: z.enum(['tls', 'nla']),
});
export type RdpCertificateSeen = z.infer<typeof rdpCertificateSeenSchema>;
