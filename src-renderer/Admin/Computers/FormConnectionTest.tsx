import type { ComputerDraft } from './computerDraft';
import { ComputerTest } from './ComputerTest';

/** The fingerprints typed in the form, one a line (or comma-separated), upper-case as the server keeps them. */
const typedFingerprints = (text: string) =>
  text
    .split(/[\n,]/)
    .map((t) => t.trim().toUpperCase())
    .filter(Boolean);

/**
 * Test connection on the computer's form: it tests the fields as typed (saved or not), and its
 * Pin buttons write into the form: the SSH host key into "Pinned host key", an RDP fingerprint
 * into the pinned fingerprints (switching the certificate check to pin). Saving keeps them.
 */
export function FormConnectionTest({
  draft,
  set,
  computerId,
}: {
  draft: ComputerDraft;
  set: (patch: Partial<ComputerDraft>) => void;
  computerId: string | undefined;
}) {
  const pinned = draft.rdpCertificate === 'pin' ? typedFingerprints(draft.rdpFingerprints) : [];
  return (
    <ComputerTest
      connection={{ protocol: draft.protocol, host: draft.host, port: draft.port, rdpSecurity: draft.rdpSecurity }}
      computerId={computerId}
      pinnedHostKey={draft.sshHostKey}
      pinnedFingerprints={pinned}
      onPinHostKey={(sshHostKey) => set({ sshHostKey })}
      onPinFingerprint={(fingerprint) =>
        set({ rdpCertificate: 'pin', rdpFingerprints: [...pinned, fingerprint].join('\n') })
      }
    />
  );
}
