/**
 * The saved plan's format (docs/sync.md, `--plan-out`), checked whole when a plan is loaded: a
 * damaged or hand-edited plan is refused with one line naming the first bad field, before any
 * credential is needed. Mirrors the Plan type in ../types.ts; the compile-time check below keeps
 * the two together.
 */
import { z } from 'zod';
import type { Plan } from '../types.js';

const kind = z.enum(['user', 'group']);
const action = z.enum(['create', 'restore', 'adopt', 'update', 'set-manager', 'remove-manager', 'add-member', 'remove-member', 'disable', 'delete']);
const value = z.union([z.string(), z.boolean(), z.array(z.string()), z.null()]);
const properties = z.record(z.string(), value);
const change = z.object({ attribute: z.string(), old: value, new: value });
const count = z.number().int().nonnegative();

const ref = z.object({
  kind,
  anchor: z.string().optional(),
  cloudId: z.string().optional(),
  dn: z.string().optional(),
  upn: z.string().optional(),
  displayName: z.string().optional(),
});

const operation = ref.extend({
  seq: z.number().int().positive(),
  action,
  changes: z.array(change).optional(),
  warnings: z.array(z.string()).optional(),
  properties: properties.optional(),
  keep: properties.optional(),
  matchedOn: z.enum(['userPrincipalName', 'primarySmtp', 'displayName', 'recovery']).optional(),
  manager: ref.optional(),
  oldManagerId: z.string().nullable().optional(),
  member: ref.optional(),
});

/** The fields each action needs beyond the common ones. */
const NEEDS: Readonly<Record<z.infer<typeof action>, readonly string[]>> = {
  create: ['anchor', 'properties'],
  restore: ['anchor', 'cloudId'],
  adopt: ['anchor', 'cloudId', 'matchedOn', 'changes'],
  update: ['cloudId', 'changes'],
  'set-manager': ['manager', 'oldManagerId'],
  'remove-manager': ['oldManagerId'],
  'add-member': ['member'],
  'remove-member': ['member'],
  disable: ['cloudId'],
  delete: ['cloudId'],
};

const checkedOperation = operation.superRefine((op, ctx) => {
  const o = op as Record<string, unknown>;
  for (const f of NEEDS[op.action]) {
    if (o[f] === undefined) ctx.addIssue({ code: 'custom', path: [f], message: `${/^[aeiu]/.test(op.action) ? 'an' : 'a'} ${op.action} operation needs ${f}` });
  }
});

const scope = z.object({
  baseDn: z.string().optional(),
  ous: z.array(z.string()).optional(),
  groups: z.array(z.string()).optional(),
  filter: z.string().optional(),
});

const threshold = z.union([z.number().nonnegative(), z.string().regex(/^\d+(?:\.\d+)?%$/, 'expected a number or a percentage such as "10%"')]);

export const planSchema = z.object({
  format: z.literal('cloudsync-plan'),
  version: z.literal(1),
  createdAt: z.string(),
  tenant: z.string().optional(),
  scopeKey: z.string().optional(),
  scope,
  options: z.object({
    softMatch: z.boolean(),
    matchGroupsByName: z.boolean(),
    onDelete: z.enum(['delete', 'disable']),
    deleteThreshold: threshold,
    forceDeletes: z.boolean(),
    shrinkRatio: z.number().min(0).max(1),
    protected: z.array(z.string()),
  }),
  source: z.object({
    description: z.string(),
    complete: z.boolean(),
    incompleteReason: z.string().optional(),
    counts: z.object({ read: count, users: count, groups: count, excluded: count, byOu: z.record(z.string(), count) }),
    fingerprint: z.string(),
    digests: z.record(z.string(), z.tuple([z.string(), z.string()])),
  }),
  cloud: z.object({ fingerprint: z.string(), digests: z.record(z.string(), z.string()), managersKnown: z.boolean() }),
  operations: z.array(checkedOperation),
  counts: z.record(z.string(), count),
  guards: z.array(
    z.object({
      guard: z.enum(['delete-threshold', 'source-incomplete', 'source-shrunk']),
      blocking: z.boolean(),
      forced: z.boolean().optional(),
      message: z.string(),
      removals: count,
    }),
  ),
  warnings: z.array(z.object({ dn: z.string().optional(), message: z.string() })),
  skipped: z.array(ref.extend({ rule: z.string(), reason: z.string() })),
  withheldRemovals: count,
  bindings: z.array(z.object({ anchor: z.string(), kind, cloudId: z.string(), dn: z.string().optional() })),
  unbind: z.array(z.string()),
});

// The schema and the Plan type name the same top-level fields (a field renamed in one place fails here).
type Parsed = z.infer<typeof planSchema>;
type SameKeys = [keyof Plan] extends [keyof Parsed] ? ([keyof Parsed] extends [keyof Plan] ? true : false) : false;
export const PLAN_SCHEMA_MATCHES_TYPE: SameKeys = true;
