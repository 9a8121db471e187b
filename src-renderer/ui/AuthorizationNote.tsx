import type { SessionAuthorization } from '@shared/common/api/controlPlane/authorizationPlugins';

/** One line of what a session's authorization plugin said: its ticket id, who the session really is, its metadata. */
export function authorizationText(a: SessionAuthorization): string {
  const groups = a.gatewayGroups.length ? ` (${a.gatewayGroups.join(', ')})` : '';
  return [
    a.ticketId ? `Ticket ${a.ticketId}` : null,
    a.gatewayUser ? `Gateway user ${a.gatewayUser}${groups}` : null,
    ...Object.entries(a.metadata).map(([key, value]) => `${key}: ${value}`),
  ]
    .filter(Boolean)
    .join(' · ');
}

/** What Live and Recordings show of a session's authorization, under its computer or level; nothing when it left nothing. */
export function AuthorizationNote({
  authorization,
  testId,
}: {
  authorization: SessionAuthorization | null | undefined;
  testId: string;
}) {
  const text = authorization ? authorizationText(authorization) : '';
  if (!text) return null;
  return (
    <div className="muted small" data-testid={testId}>
      Authorization: {text}
    </div>
  );
}
