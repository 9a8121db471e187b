import { z } from 'zod';
import { idSchema, nameSchema, okSchema } from './basics';
import { defineRoute, idParams, noParams, pathId } from './route';

/** The employee fields a rule group may match on (seed 004's dynamic roles). */
/** The employee fields a rule group can match (the manager is a person, not text: no rule on it). */
export const employeeFieldSchema = z.enum(['department', 'location', 'costCenter']);
export type EmployeeField = z.infer<typeof employeeFieldSchema>;

/** A directory group: an LDAP group DN, or a value of the federation's groups claim. */
export const directoryMappingSchema = z.object({
  source: z.enum(['ldap', 'oidc']),
  value: z.string().trim().min(1, 'is required').max(1000),
});
/** A rule: everyone whose employee field equals the value (ignoring case) is a member. */
export const groupRuleSchema = z.object({
  field: employeeFieldSchema,
  value: z.string().trim().min(1, 'is required').max(200),
});

export const groupKindSchema = z.enum(['manual', 'directory', 'rule']);

export const groupSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: groupKindSchema,
  directory: directoryMappingSchema.nullable(),
  rule: groupRuleSchema.nullable(),
  revision: z.number().int(),
  memberCount: z.number().int(),
});
export type Group = z.infer<typeof groupSchema>;

export const groupMemberSchema = z.object({ id: z.uuid(), username: z.string(), displayName: z.string() });

export const groupDetailSchema = groupSchema.extend({
  members: z.array(groupMemberSchema),
  /** The policies and access levels that name this group (a group they use cannot be deleted). */
  usedBy: z.object({ policies: z.array(z.string()), accessLevels: z.array(z.string()) }),
});
export type GroupDetail = z.infer<typeof groupDetailSchema>;

/** A new group: members by hand, or a directory mapping, or a rule (not both). */
export const newGroupSchema = z
  .object({
    name: nameSchema,
    members: z.array(z.uuid()).max(10_000).default([]),
    directory: directoryMappingSchema.nullable().default(null),
    rule: groupRuleSchema.nullable().default(null),
  })
  .refine((g) => !(g.directory && g.rule), {
    message: 'a group follows a directory or a rule, not both',
    path: ['rule'],
  });

/** An edit: the revision it was made on, and what changes. */
export const groupPatchSchema = z.object({
  revision: z.number().int().min(1),
  name: nameSchema.optional(),
  directory: directoryMappingSchema.optional(),
  rule: groupRuleSchema.optional(),
});

/** What an edit of a group answers: the group's revision after it. */
const revisionSchema = z.object({ revision: z.number().int() });
/** A member's removal names the group revision it was read at in the query string (`?revision=N`). */
const revisionQuery = z.object({ revision: z.string().regex(/^[1-9][0-9]{0,14}$/, 'is not a revision') });

const admin: ['administrator'] = ['administrator'];

/** Groups: who they hold, by hand, by directory or by rule; policies and access levels name them. */
export const groupsApi = {
  list: defineRoute({
    method: 'GET',
    path: '/api/admin/groups',
    summary: 'List groups, optionally those whose name contains a text',
    params: noParams,
    query: z.object({ search: z.string().max(200).optional() }),
    body: null,
    response: z.object({ groups: z.array(groupSchema) }),
    roles: admin,
    errors: [],
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/admin/groups',
    summary: 'Create a group: with members, a directory mapping or a rule',
    params: noParams,
    body: newGroupSchema,
    response: idSchema,
    status: 201,
    roles: admin,
    errors: ['CONFLICT', 'BAD_REQUEST'],
  }),
  get: defineRoute({
    method: 'GET',
    path: '/api/admin/groups/:id',
    summary: 'A group with its members and the policies and access levels that use it',
    params: idParams,
    body: null,
    response: groupDetailSchema,
    roles: admin,
    errors: ['NOT_FOUND'],
  }),
  update: defineRoute({
    method: 'PATCH',
    path: '/api/admin/groups/:id',
    summary: 'Rename a group or change its mapping or rule (409 STALE_REVISION when the revision is stale)',
    params: idParams,
    body: groupPatchSchema,
    response: revisionSchema,
    roles: admin,
    errors: ['NOT_FOUND', 'CONFLICT', 'STALE_REVISION', 'BAD_REQUEST'],
  }),
  remove: defineRoute({
    method: 'DELETE',
    path: '/api/admin/groups/:id',
    summary: 'Delete a group no policy or access level uses (409 names those that do)',
    params: idParams,
    body: null,
    response: okSchema,
    roles: admin,
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  addMember: defineRoute({
    method: 'POST',
    path: '/api/admin/groups/:id/members',
    summary: 'Add a person to a group kept by hand, on the group revision it was read at',
    params: idParams,
    body: z.object({ personId: z.uuid(), revision: z.number().int().min(1) }),
    response: revisionSchema,
    roles: admin,
    errors: ['NOT_FOUND', 'STALE_REVISION', 'BAD_REQUEST'],
  }),
  removeMember: defineRoute({
    method: 'DELETE',
    path: '/api/admin/groups/:id/members/:personId',
    summary: 'Remove a person from a group kept by hand, on the group revision it was read at',
    params: z.object({ id: pathId, personId: pathId }),
    query: revisionQuery,
    body: null,
    response: revisionSchema,
    roles: admin,
    errors: ['NOT_FOUND', 'STALE_REVISION', 'BAD_REQUEST'],
  }),
};
