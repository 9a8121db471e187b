/**
 * Telnet with a stored password: guacd types the username and password at the login prompts,
 * and these make it end the session with 769 (the credentials were refused) when /bin/login and
 * the like say the login failed, instead of leaving the tab at a fresh login prompt. guacd uses
 * the failure regex only with a success regex, and withholds the screen until one of them
 * matches a line: success is a shell prompt (a line ending in $, #, % or >) or "Last login".
 * Without a password the user logs in by hand, so guacd must show the login prompt: none is sent.
 */
export const telnetLoginRegexes: Readonly<Record<string, string>> = Object.freeze({
  'login-success-regex': '[$#%>] *$|^Last login',
  'login-failure-regex': 'Login incorrect|Login failed|Authentication failure|Access denied',
});

/**
 * Connect values a protocol gets on every computer, in direct mode and through the gateway alike:
 * RDP's remote screen follows the tab (`display-update` asks the server to change its resolution
 * in place; without a resize method guacd only scales the first size).
 */
export function protocolValues(protocol: string, password = ''): Record<string, string> {
  if (protocol === 'telnet' && password !== '') return { ...telnetLoginRegexes };
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
