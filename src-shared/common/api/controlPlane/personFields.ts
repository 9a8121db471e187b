import { z } from 'zod';
import { nameSchema, passwordSchema, roleSchema, usernameSchema } from './basics';

/**
 * The Administration area's People page: a person's employee fields (department, location,
 * cost center, manager), where they sign in, and the revision every edit carries.
 */

/** Who checks a person's sign-in: a local password, an LDAP directory, a federated issuer, or a service account. */
export const personSourceSchema = z.enum(['local', 'ldap', 'federated', 'service']);
export type PersonSource = z.infer<typeof personSourceSchema>;

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

/** The fields an administrator types for a person, besides username and password. */
const employeeFields = {
  email: z
    .union([z.literal(''), z.email('is not an email address').max(320)])
    .nullable()
    .optional(),
  department: optionalText(200),
  location: optionalText(200),
  costCenter: optionalText(100),
  /** The manager's username; empty or null for none. */
  manager: z
    .union([z.literal(''), usernameSchema])
    .nullable()
    .optional(),
};

/** A row of the People list. */
export const personRowSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(roleSchema),
  disabled: z.boolean(),
  source: personSourceSchema,
  email: z.string().nullable(),
  department: z.string().nullable(),
  location: z.string().nullable(),
  costCenter: z.string().nullable(),
  revision: z.number().int(),
});
export type PersonRow = z.infer<typeof personRowSchema>;

/** GET /api/admin/persons: one page of people, and the cursor of the next (null on the last). */
export const personListQuerySchema = z.object({
  query: z.string().max(200).optional(),
  role: roleSchema.optional(),
  source: personSourceSchema.optional(),
  disabled: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(200).optional(),
});
export type PersonListQuery = z.infer<typeof personListQuerySchema>;
export const personListSchema = z.object({ persons: z.array(personRowSchema), nextCursor: z.string().nullable() });

export const newPersonSchema = z
  .object({
    username: usernameSchema,
    displayName: nameSchema,
    /** Required for a person with an initial password; a service account has none (it acts only through API keys). */
    password: passwordSchema.optional(),
    /** `oneTimeCode`: no initial password; the answer carries a code the person sets theirs with at first sign-in. */
    passwordMode: z.enum(['password', 'oneTimeCode']).optional(),
    roles: z.array(roleSchema).max(3).default([]),
    /** `service`: an account for automation, with roles and no password, that cannot sign in interactively. */
    kind: z.enum(['person', 'service']).optional(),
    ...employeeFields,
    /** The administrator confirmed reusing the username of a deleted person. */
    reuseUsername: z.boolean().optional(),
  })
  .superRefine((value, ctx) => {
    const service = value.kind === 'service';
    const byCode = value.passwordMode === 'oneTimeCode';
    if (!service && !byCode && value.password === undefined)
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'is required' });
    if (service && value.password !== undefined)
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'a service account has no password' });
    if (byCode && value.password !== undefined)
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'is set by the person with the one-time code' });
    if (byCode && service)
      ctx.addIssue({ code: 'custom', path: ['passwordMode'], message: 'a service account has no password' });
  });
export type NewPerson = z.infer<typeof newPersonSchema>;

export const personPatchSchema = z.object({
  /** The revision the edit builds on; a stale one is refused with what changed (STALE_REVISION). */
  revision: z.number().int().min(1).optional(),
  disabled: z.boolean().optional(),
  roles: z.array(roleSchema).max(3).optional(),
  displayName: nameSchema.optional(),
  ...employeeFields,
});
export type PersonPatch = z.infer<typeof personPatchSchema>;

const named = z.object({ id: z.string(), name: z.string() });

/** GET /api/admin/persons/:id: the person page. */
export const personDetailSchema = personRowSchema.extend({
  manager: z.object({ id: z.string(), username: z.string(), displayName: z.string() }).nullable(),
  /** The fields the person's directory sets, read-only here. */
  directoryFields: z.array(z.string()),
  groups: z.array(named),
  /** Policies that reach the person, and why: "directly" or "through group <name>". */
  policies: z.array(named.extend({ why: z.string() })),
  /** Computers those policies open, and through which policy. */
  computers: z.array(named.extend({ why: z.string() })),
  lastSignInAt: z.string().nullable(),
  openSessions: z.array(z.object({ id: z.string(), computer: z.string(), startedAt: z.string() })),
});
export type PersonDetail = z.infer<typeof personDetailSchema>;
