import type { Generated } from 'kysely';

/**
 * The control plane's tables. Portable on purpose: ids are UUID text, booleans are 0/1
 * integers, times are ISO-8601 text, so the same queries run on SQLite and PostgreSQL.
 */
export interface Database {
  persons: {
    id: string;
    username: string;
    display_name: string;
    password_hash: string;
    disabled: number;
    created_at: string;
    source: Generated<string>;
    external_id: string | null;
    email: string | null;
    department: string | null;
    location: string | null;
    cost_center: string | null;
    manager_id: string | null;
    /** Increases with every edit; an edit naming an older one is refused (STALE_REVISION). */
    revision: Generated<number>;
    deleted_at: string | null;
  };
  person_roles: { person_id: string; role: string };
  groups: {
    id: string;
    name: string;
    revision: Generated<number>;
    /** manual, directory or rule. */
    kind: Generated<string>;
    directory_source: string | null;
    directory_value: string | null;
    rule_field: string | null;
    rule_value: string | null;
  };
  memberships: { group_id: string; person_id: string };
  computers: {
    id: string;
    name: string;
    protocol: string;
    host: string;
    port: number;
    jit_enabled: number;
    recording: number;
    live_monitoring: number;
    /** RdpSecurityMode; 'any' for computers of other protocols. */
    rdp_security: Generated<string>;
    /** RdpCertificate as JSON. */
    rdp_certificate: Generated<string>;
    revision: Generated<number>;
    rdp_domain: string | null;
    /** The pinned SSH host key as known_hosts has it (`ssh-ed25519 AAAA…`); null: not pinned. */
    ssh_host_key: string | null;
    /** VNC colour depth in bits (8, 16, 24 or 32); null: the server's own. */
    vnc_color_depth: number | null;
    /** When the computer was deleted (ISO time); null: live. A deleted one stays for its history. */
    deleted_at: Generated<string | null>;
  };
  computer_tags: { computer_id: string; tag: string };
  access_request_policies: {
    id: string;
    name: string;
    credential_kinds: string;
    mfa_required: number;
    terms: string;
    max_duration_minutes: number;
    disable_copy: Generated<number>;
    disable_paste: Generated<number>;
    authorization_hook: string | null;
    /** The access-request settings as JSON (accessRequestSettingsSchema), or null: no requests taken. */
    access_requests: string | null;
    live_monitoring: Generated<number>;
    announce_watchers: Generated<number>;
    recording: Generated<number>;
    revision: Generated<number>;
    /** When the policy was deleted; null while it is live. A deleted policy keeps its row for the sessions that ran under it. */
    deleted_at: string | null;
  };
  /** A policy covers every computer with one of its tags. */
  policy_tags: { policy_id: string; tag: string };
  /** Each revision of a policy: its settings (JSON) and terms text as they were then. */
  policy_revisions: {
    policy_id: string;
    revision: number;
    settings: string;
    terms: string;
    created_at: string;
    created_by: string;
  };
  policy_persons: { policy_id: string; person_id: string };
  policy_groups: { policy_id: string; group_id: string };
  policy_computers: { policy_id: string; computer_id: string };
  access_levels: {
    id: string;
    policy_id: string;
    name: string;
    pre_approval: number;
    /** The username of the computer's shared credential a session under this level logs in with (null: the default one). */
    target_account: string | null;
  };
  access_level_groups: { access_level_id: string; group_id: string };
  shared_credentials: {
    id: string;
    computer_id: string;
    username: string;
    /** 'password' or 'key' (a private key, with an optional passphrase). */
    kind: Generated<string>;
    current_version: Generated<number>;
    revision: Generated<number>;
    created_at: string;
  };
  /** Each secret a shared credential had; the credential's current_version is the one the gateway uses. */
  shared_credential_versions: {
    credential_id: string;
    version: number;
    secret_ciphertext: string;
    passphrase_ciphertext: string | null;
    created_at: string;
  };
  server_settings: { key: string; value: string };
  audit_log: {
    id: Generated<number>;
    at: string;
    actor: string;
    action: string;
    target: string;
    /** JSON: AuditChange[] (null: none). */
    changes: string | null;
    session_id: string | null;
  };
  mfa_totp: { person_id: string; secret_sealed: string; enrolled_at: string; last_used_step: number | string | null };
  mfa_recovery_codes: { person_id: string; code_hash: string; used_at: string | null };
  vaults: {
    person_id: string;
    revision: number;
    header: string;
    items: string;
    auth_hash: string;
    updated_at: string;
    failures: Generated<number>;
    locked_until: string | null;
  };
  sessions: {
    id: string;
    person_id: string;
    computer_id: string;
    policy_id: string;
    access_level_id: string | null;
    guacd_id: string;
    recording_name: string | null;
    started_at: string;
    ended_at: string | null;
    end_reason: string | null;
    /** The shared credential and its version the session logged in with (null: personal or JIT). */
    credential_id: string | null;
    credential_version: number | null;
    /** The policy revision the session started under. */
    policy_revision: number | null;
    /** The grant the session's access level needed (migration 025); revoking it ends the session. */
    grant_id: string | null;
    /** The access request whose grant allowed the session (migration 030). */
    request_id: string | null;
    /** What the authorization plugin's verdict left on the session, as JSON (migration 031). */
    authorization: string | null;
    /** Its values alone (ticket id, gateway user and groups, metadata values), one a line, for search. */
    authorization_text: string | null;
  };
  used_tickets: { jti: string; used_at: string; expires_at: number | string };
  /** A person's access level (or whole policy, access_level_id null) for a window (migration 025). */
  grants: {
    id: string;
    person_id: string;
    policy_id: string;
    access_level_id: string | null;
    starts_at: string;
    ends_at: string;
    /** manual, or request (access requests, later). */
    source: string;
    granted_by: string;
    granted_at: string;
    revoked_at: string | null;
    revoked_by: string | null;
    /** The access request an approval made this grant for (source request). */
    request_id: string | null;
  };
  access_requests: {
    id: string;
    person_id: string;
    policy_id: string;
    computer_id: string;
    access_level_id: string | null;
    reason: string;
    ticket_id: string | null;
    starts_at: string;
    ends_at: string;
    /** pending, approved, denied or cancelled (expired is worked out from ends_at). */
    state: string;
    approvals_required: number;
    created_at: string;
    grant_id: string | null;
  };
  access_request_reviews: {
    request_id: string;
    reviewer_id: string;
    reviewer: string;
    decision: string;
    comment: string;
    at: string;
  };
  jit_provisioners: {
    computer_id: string;
    port: number;
    username: string;
    secret_sealed: string;
    secret_kind: string;
    host_key_sha256: string;
  };
  jit_accounts: {
    username: string;
    computer_id: string;
    session_id: string;
    created_at: string;
    removed_at: string | null;
    last_error: string | null;
  };
  recordings: {
    id: string;
    session_id: string;
    file_name: string;
    person_id: string;
    computer_id: string;
    started_at: string;
    ended_at: string | null;
    status: string;
    store: string | null;
    bytes: number | null;
    sha256: string | null;
    duration_ms: number | null;
    marks: string | null;
    attempts: Generated<number>;
    error: string | null;
    typescript_bytes: number | null;
    timing_bytes: number | null;
    typed_withheld: Generated<number>;
  };
  recording_keys: { recording_id: string; at_ms: number; text: string };
  recording_shown: { recording_id: string; at_ms: number; text: string };
  attempt_backoffs: {
    id: string;
    kind: string;
    account: string;
    address: string;
    failures: Generated<number>;
    last_failure_at: string | null;
    blocked_until: string | null;
    last_success_at: string | null;
  };
  oidc_payloads: {
    id: string;
    model: string;
    payload: string;
    grant_id: string | null;
    account_id: string | null;
    uid: string | null;
    user_code: string | null;
    expires_at: string | null;
  };
  /** A new person's codes to set their password at first sign-in: only each code's SHA-256. */
  one_time_codes: {
    person_id: string;
    code_hash: string;
    created_at: string;
    expires_at: string;
    used_at: string | null;
  };
  api_keys: {
    id: string;
    person_id: string;
    name: string;
    secret_hash: string;
    /** The key's roles, comma-separated. */
    roles: string;
    created_at: string;
    created_by: string;
    expires_at: string;
    revoked_at: string | null;
    last_used_at: string | null;
  };
  /** One row: raised by triggers on every write to what a person reaches (reachVersionMigration.ts). */
  reach_version: { id: number; version: number | string };
}
