/**
 * Connect values a protocol gets on every computer, in direct mode and through the gateway alike:
 * RDP's remote screen follows the tab (`display-update` asks the server to change its resolution
 * in place; without a resize method guacd only scales the first size).
 */
export function protocolValues(protocol: string): Record<string, string> {
  return protocol === 'rdp' ? { 'resize-method': 'display-update' } : {};
}
