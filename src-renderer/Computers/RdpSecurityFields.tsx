import { useState } from 'react';
import { type RdpCertificateSeen, type RdpSecurityMode, type RdpSettings } from '@shared/common/api/rdpSecurity';
import { OpenPsmError } from '@shared/common/errors';
import { CodedError } from '../ui/CodedError';

type Check = RdpSettings['certificate']['check'];

/** The fingerprints typed in the pin box, one per line (or separated by commas or spaces). */
function fingerprintsOf(text: string): string[] {
  return text.split(/[\s,]+/).filter((fingerprint) => fingerprint !== '');
}

/**
 * An RDP computer's security: the mode, and how guacd checks its certificate. Trust on first use
 * is OpenPSM's own: "Read the certificate" shows what the computer presents, and confirming it
 * pins its SHA-256 fingerprint for every session.
 */
export function RdpSecurityFields({
  value,
  onChange,
  read,
}: {
  value: RdpSettings;
  onChange: (next: RdpSettings) => void;
  /** Reads the certificate the computer presents now (the host and port as typed). */
  read: () => Promise<RdpCertificateSeen>;
}) {
  const pinned = value.certificate.check === 'pin' ? value.certificate.fingerprints : [];
  const [pinText, setPinText] = useState(pinned.join('\n'));
  const setCheck = (check: Check, text = pinText) =>
    onChange({
      ...value,
      certificate: check === 'pin' ? { check, fingerprints: fingerprintsOf(text) } : { check },
    });
  const trust = (seen: RdpCertificateSeen) => {
    setPinText(seen.fingerprint);
    setCheck('pin', seen.fingerprint);
  };

  return (
    <fieldset className="rdp-security">
      <legend>RDP security</legend>
      <label className="field">
        <span>Security mode</span>
        <select
          name="rdp-security"
          value={value.security}
          onChange={(e) => onChange({ ...value, security: e.target.value as RdpSecurityMode })}
        >
          <option value="any">Any (negotiated)</option>
          <option value="nla">NLA</option>
          <option value="tls">TLS</option>
          <option value="rdp">RDP encryption</option>
        </select>
      </label>
      <CertificateChoice check={value.certificate.check} onCheck={(check) => setCheck(check)} />
      {value.certificate.check === 'pin' && (
        <label className="field">
          <span>Pinned SHA-256 fingerprints (one per line)</span>
          <textarea
            name="cert-fingerprints"
            rows={2}
            value={pinText}
            onChange={(e) => {
              setPinText(e.target.value);
              setCheck('pin', e.target.value);
            }}
          />
        </label>
      )}
      {value.certificate.check === 'ignore' && (
        <p className="banner banner-warning" role="note">
          Warning: guacd will accept any certificate, so whoever sits between guacd and this computer can read the
          session and the password. The app&apos;s log warns at every session start.
        </p>
      )}
      <CertificateReader read={read} onTrust={trust} />
    </fieldset>
  );
}

function CertificateChoice({ check, onCheck }: { check: Check; onCheck: (check: Check) => void }) {
  const choices: Array<[Check, string]> = [
    ['verify', "Verify against guacd's trusted certificates"],
    ['pin', 'Pin the certificate (SHA-256 fingerprints)'],
    ['ignore', 'Ignore the certificate (insecure)'],
  ];
  return (
    <div role="radiogroup" aria-label="Certificate check" className="field">
      <span>Certificate check</span>
      {choices.map(([choice, label]) => (
        <label key={choice} className="check">
          <input type="radio" name="cert-check" checked={check === choice} onChange={() => onCheck(choice)} /> {label}
        </label>
      ))}
    </div>
  );
}

/** "Read the certificate", what the computer presented, and the confirmation that pins it. */
function CertificateReader({
  read,
  onTrust,
}: {
  read: () => Promise<RdpCertificateSeen>;
  onTrust: (seen: RdpCertificateSeen) => void;
}) {
  const [seen, setSeen] = useState<RdpCertificateSeen | null>(null);
  const [reading, setReading] = useState(false);
  const [problem, setProblem] = useState<{ code: string; message: string } | null>(null);
  const readNow = async () => {
    setReading(true);
    setProblem(null);
    setSeen(null);
    try {
      setSeen(await read());
    } catch (e) {
      setProblem(e instanceof OpenPsmError ? e : { code: 'INTERNAL', message: String(e) });
    } finally {
      setReading(false);
    }
  };
  return (
    <div className="certificate-reader">
      <button type="button" className="button secondary" disabled={reading} onClick={() => void readNow()}>
        {reading ? 'Reading the certificate…' : 'Read the certificate'}
      </button>
      <CodedError problem={problem} testId="certificate-error" />
      {seen && (
        <div role="group" aria-label="Certificate presented">
          <p>
            The computer presents this certificate ({seen.protocol.toUpperCase()}). Compare its fingerprint with one you
            got from the computer&apos;s owner before you trust it.
          </p>
          <dl>
            <dt>SHA-256</dt>
            <dd data-testid="certificate-fingerprint">{seen.fingerprint}</dd>
            <dt>Subject</dt>
            <dd>{seen.subject}</dd>
            <dt>Issuer</dt>
            <dd>{seen.issuer}</dd>
            <dt>Valid until</dt>
            <dd>{seen.validTo}</dd>
          </dl>
          <button
            type="button"
            className="button primary"
            onClick={() => {
              onTrust(seen);
              setSeen(null);
            }}
          >
            Trust and pin this certificate
          </button>
        </div>
      )}
    </div>
  );
}
