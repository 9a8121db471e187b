import { describe, expect, it } from 'vitest';
import { typescriptValues } from './protocolValues';

describe("guacd's typescript of a recorded session", () => {
  it.each(['ssh', 'telnet'])('%s: guacd writes the terminal text beside the recording, named after it', (protocol) => {
    expect(typescriptValues(protocol, '/srv/openpsm/recordings', 'abc')).toEqual({
      'typescript-path': '/srv/openpsm/recordings',
      'typescript-name': 'abc.typescript',
      'create-typescript-path': 'true',
    });
  });

  it.each(['rdp', 'vnc'])('%s has no terminal: nothing is asked', (protocol) => {
    expect(typescriptValues(protocol, '/srv/openpsm/recordings', 'abc')).toEqual({});
  });
});
