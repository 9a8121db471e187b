/**
 * Connect values a protocol gets on every computer, in direct mode and through the gateway alike:
 * RDP's remote screen follows the tab (`display-update` asks the server to change its resolution
 * in place; without a resize method guacd only scales the first size).
 */
export function protocolValues(protocol: string): Record<string, string> {
  return protocol === 'rdp' ? { 'resize-method': 'display-update' } : {};
}

/** The name guacd's typescript of a recorded session gets beside its recording: `<recording name>.typescript` (and `.typescript.timing`). */
export const typescriptName = (recordingName: string) => `${recordingName}.typescript`;

/**
 * For a recorded SSH or Telnet session, guacd also writes the terminal's text, with its timing
 * (`typescript-path`): guacd draws terminals as images, so the recording alone holds no text.
 * Other protocols have no terminal: nothing is added.
 */
export function typescriptValues(protocol: string, dir: string, recordingName: string): Record<string, string> {
  if (protocol !== 'ssh' && protocol !== 'telnet') return {};
  return {
    'typescript-path': dir,
    'typescript-name': typescriptName(recordingName),
    'create-typescript-path': 'true',
  };
}
