import type { CredentialKind, Policy } from '@shared/common/api/controlPlane/policies';
import type { AdminProblem } from '../adminProblem';

/** One access level as typed: a kept level carries its id (grants refer to it). */
export interface LevelDraft {
  id?: string | undefined;
  /** A key for the list while typing (the id, or a fresh one). */
  key: string;
  name: string;
  groups: string[];
  preApproval: boolean;
  targetAccount: string;
}

/** A policy as the form holds it: numbers and lists as typed. */
export interface PolicyDraft {
  name: string;
  persons: string[];
  groups: string[];
  computers: string[];
  tags: string;
  credentialKinds: CredentialKind[];
  accessLevels: LevelDraft[];
  mfaRequired: boolean;
  authorizationOn: boolean;
  authorizationPlugin: 'prompt' | 'webhook';
  webhookUrl: string;
  /** A new secret; empty keeps the stored one (`webhookSecretSet`). */
  webhookSecret: string;
  webhookSecretSet: boolean;
  authorizationAsks: 'ticket-id' | 'justification';
  authorizationPrompt: string;
  authorizationPattern: string;
  terms: string;
  maxDurationMinutes: string;
  recording: boolean;
  liveMonitoring: boolean;
  announceWatchers: boolean;
  disableCopy: boolean;
  disablePaste: boolean;
  /** Access requests: taken or not, reviewed by these groups, with so many approvals, for at most so many minutes. */
  requestsOn: boolean;
  requestReviewers: string[];
  requestApprovals: string;
  requestMaxMinutes: string;
}

/** Each bad field's message, by the path the server uses (e.g. `accessLevels.0.name`). */
export type PolicyErrors = Record<string, string>;

let nextKey = 0;
const freshKey = () => `level-${++nextKey}`;

export const emptyPolicy: PolicyDraft = {
  name: '',
  persons: [],
  groups: [],
  computers: [],
  tags: '',
  credentialKinds: ['shared'],
  accessLevels: [],
  mfaRequired: false,
  authorizationOn: false,
  authorizationPlugin: 'prompt',
  webhookUrl: '',
  webhookSecret: '',
  webhookSecretSet: false,
  authorizationAsks: 'ticket-id',
  authorizationPrompt: '',
  authorizationPattern: '',
  terms: '',
  maxDurationMinutes: '480',
  recording: true,
  liveMonitoring: true,
  announceWatchers: true,
  disableCopy: false,
  disablePaste: false,
  requestsOn: false,
  requestReviewers: [],
  requestApprovals: '1',
  requestMaxMinutes: '480',
};

export const emptyLevel = (): LevelDraft => ({
  key: freshKey(),
  name: '',
  groups: [],
  preApproval: false,
  targetAccount: '',
});

/** The form's draft of a stored policy. */
export function policyDraftOf(p: Policy): PolicyDraft {
  return {
    name: p.name,
    persons: p.persons,
    groups: p.groups,
    computers: p.computers,
    tags: p.tags.join(', '),
    credentialKinds: p.credentialKinds,
    accessLevels: p.accessLevels.map((l) => ({
      id: l.id,
      key: l.id,
      name: l.name,
      groups: l.groups,
      preApproval: l.preApproval,
      targetAccount: l.targetAccount ?? '',
    })),
    mfaRequired: p.mfaRequired,
    ...authorizationDraftOf(p.authorization),
    terms: p.terms,
    maxDurationMinutes: String(p.maxDurationMinutes),
    recording: p.recording,
    liveMonitoring: p.liveMonitoring,
    announceWatchers: p.announceWatchers,
    disableCopy: p.disableCopy,
    disablePaste: p.disablePaste,
    requestsOn: p.accessRequests !== null,
    requestReviewers: p.accessRequests?.reviewerGroups ?? [],
    requestApprovals: String(p.accessRequests?.approvals ?? 1),
    requestMaxMinutes: String(p.accessRequests?.maxMinutes ?? 480),
  };
}

/** The plugin's fields of the draft: a webhook's secret is never read back, only that one is set. */
function authorizationDraftOf(a: Policy['authorization']) {
  const prompt = a?.plugin === 'prompt' ? a : null;
  const webhook = a?.plugin === 'webhook' ? a : null;
  return {
    authorizationOn: a !== null,
    authorizationPlugin: webhook ? ('webhook' as const) : ('prompt' as const),
    webhookUrl: webhook?.url ?? '',
    webhookSecret: '',
    webhookSecretSet: webhook !== null,
    authorizationAsks: prompt?.asks ?? ('ticket-id' as const),
    authorizationPrompt: prompt?.prompt ?? '',
    authorizationPattern: prompt?.pattern ?? '',
  };
}

/** The plugin as the request sends it. */
function authorizationBody(d: PolicyDraft) {
  if (!d.authorizationOn) return null;
  if (d.authorizationPlugin === 'webhook')
    return { plugin: 'webhook' as const, url: d.webhookUrl.trim(), secret: d.webhookSecret || null };
  return {
    plugin: 'prompt' as const,
    asks: d.authorizationAsks,
    prompt: d.authorizationPrompt.trim(),
    pattern: d.authorizationAsks === 'ticket-id' && d.authorizationPattern ? d.authorizationPattern : null,
  };
}

/** The plugin's own checks. */
function authorizationErrors(d: PolicyDraft): PolicyErrors {
  if (!d.authorizationOn) return {};
  if (d.authorizationPlugin === 'prompt')
    return d.authorizationPrompt.trim() ? {} : { 'authorization.prompt': 'is required' };
  const errors: PolicyErrors = {};
  if (!/^https:\/\/\S+$/.test(d.webhookUrl.trim())) errors['authorization.url'] = 'must be an https:// address';
  if (d.webhookSecret ? d.webhookSecret.length < 16 : !d.webhookSecretSet)
    errors['authorization.secret'] = d.webhookSecret ? 'must be at least 16 characters' : 'is required';
  return errors;
}

const tagsOf = (text: string) =>
  text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);

/** What the form checks before sending (the server checks everything again). */
export function policyErrors(d: PolicyDraft): PolicyErrors {
  const errors: PolicyErrors = {};
  if (!d.name.trim()) errors['name'] = 'is required';
  if (d.credentialKinds.length === 0) errors['credentialKinds'] = 'needs at least one kind';
  const minutes = Number(d.maxDurationMinutes);
  if (!/^\d+$/.test(d.maxDurationMinutes.trim()) || minutes < 1 || minutes > 7 * 24 * 60)
    errors['maxDurationMinutes'] = 'must be a whole number of minutes from 1 to 10080';
  if (tagsOf(d.tags).some((t) => t.length > 64)) errors['tags'] = 'each tag must be at most 64 characters';
  d.accessLevels.forEach((l, i) => {
    if (!l.name.trim()) errors[`accessLevels.${i}.name`] = 'is required';
  });
  Object.assign(errors, authorizationErrors(d));
  if (d.requestsOn) Object.assign(errors, requestErrors(d));
  return errors;
}

/** The access-request settings' own checks. */
function requestErrors(d: PolicyDraft): PolicyErrors {
  const errors: PolicyErrors = {};
  const whole = (text: string, least: number, most: number) =>
    /^\d+$/.test(text.trim()) && Number(text) >= least && Number(text) <= most;
  if (d.requestReviewers.length === 0) errors['accessRequests.reviewerGroups'] = 'needs at least one reviewer group';
  if (!whole(d.requestApprovals, 1, 5)) errors['accessRequests.approvals'] = 'must be a whole number from 1 to 5';
  if (!whole(d.requestMaxMinutes, 1, 7 * 24 * 60))
    errors['accessRequests.maxMinutes'] = 'must be a whole number of minutes from 1 to 10080';
  return errors;
}

/** The request body for a draft (a create; an edit adds the revision). */
export function policyBody(d: PolicyDraft) {
  return {
    name: d.name.trim(),
    persons: d.persons,
    groups: d.groups,
    computers: d.computers,
    tags: tagsOf(d.tags),
    credentialKinds: d.credentialKinds,
    accessLevels: d.accessLevels.map((l) => ({
      ...(l.id ? { id: l.id } : {}),
      name: l.name.trim(),
      groups: l.groups,
      preApproval: l.preApproval,
      targetAccount: l.targetAccount.trim() || null,
    })),
    mfaRequired: d.mfaRequired,
    authorization: authorizationBody(d),
    terms: d.terms,
    maxDurationMinutes: Number(d.maxDurationMinutes),
    recording: d.recording,
    liveMonitoring: d.liveMonitoring,
    announceWatchers: d.announceWatchers,
    disableCopy: d.disableCopy,
    disablePaste: d.disablePaste,
    accessRequests: d.requestsOn
      ? {
          reviewerGroups: d.requestReviewers,
          approvals: Number(d.requestApprovals),
          maxMinutes: Number(d.requestMaxMinutes),
        }
      : null,
  };
}

/** A refusal's fields as the form names them; a refusal naming none leaves the problem banner to say it. */
export function policyRefusalErrors(problem: AdminProblem): PolicyErrors {
  return { ...problem.fields };
}
