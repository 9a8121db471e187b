import type Guacamole from 'guacamole-common-js';
import { guacLimits } from '@shared/common/guac/limits';

/**
 * Text over Guacamole streams as real UTF-8. guacamole-common-js's StringWriter encodes
 * each UTF-16 unit on its own (an emoji becomes two 3-byte sequences) and its reader turns
 * 4-byte sequences into wrong characters; guacd expects UTF-8 (the fixtures' clipboard
 * `clip-fixture-✓😀` is `Y2xpcC1maXh0dXJlLeKck/CfmIA=`).
 */
export function writeText(stream: Guacamole.OutputStream, text: string): void {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += guacLimits.maxBlobBytes) {
    let binary = '';
    for (const b of bytes.subarray(i, i + guacLimits.maxBlobBytes)) binary += String.fromCharCode(b);
    stream.sendBlob(btoa(binary));
  }
  stream.sendEnd();
}

/** Reads a text stream to its end as UTF-8 and hands over the whole text. */
export function readText(stream: Guacamole.InputStream, done: (text: string) => void): void {
  const parts: Uint8Array[] = [];
  stream.onblob = (data: string) => {
    const binary = atob(data);
    parts.push(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  };
  stream.onend = () => {
    const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const p of parts) {
      all.set(p, offset);
      offset += p.length;
    }
    done(new TextDecoder().decode(all));
  };
}
