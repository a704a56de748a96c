/**
 * PUT …/jobs/{id}/schema replaces the whole schema, so the body is checked as Graph checks it:
 * the shape (rules, object mappings, attribute mappings, scope filters), known filter operators,
 * and every attribute-mapping expression parsed by cloudsync's expression parser (the cycles run
 * them). A bad body is 400 with a message naming the first wrong field.
 */
import { z } from 'zod';
import type { SynchronizationSchema } from '../../directory/entra/synchronization-types.js';
import { isCloudsyncError } from '../../errors.js';
import { DEFAULT_GROUP_MAPPING, DEFAULT_USER_MAPPING } from '../../sync/mapping/index.js';
import { compileSyncMapping } from '../../sync/read/source.js';
import { GraphError } from '../graph/errors.js';
import { groupMapping, mappingOverrides, userMapping } from './scope.js';

/** Operators of Graph's filterOperatorSchema, plus Cloud Sync's OU operator. */
export const FILTER_OPERATORS = [
  'EQUALS', 'NOT_EQUALS', 'IS_TRUE', 'IS_FALSE', 'IS_NULL', 'IS_NOT_NULL', 'REGEX_MATCH', 'NOT_REGEX_MATCH', 'Greater_Than', 'GREATER_THAN_OR_EQUALS',
  'Less_Than', 'LESS_THAN_OR_EQUALS', 'Includes', 'DN_IN_OU', 'IS_MEMBER_OF', 'NOT_MEMBER_OF', 'StartsWith', 'EndsWith', 'Contains', 'NotContains',
];
const OPERATORS = new Set(FILTER_OPERATORS.map((o) => o.toUpperCase()));

const clause = z.object({
  operatorName: z.string().superRefine((o, ctx) => {
    if (!OPERATORS.has(o.toUpperCase())) ctx.addIssue({ code: 'custom', message: `'${o}' is not a valid filter operator` });
  }),
  sourceOperandName: z.string().min(1),
  targetOperand: z.object({ values: z.array(z.string()) }).nullable().optional(),
});
const filterGroup = z.object({ name: z.string().optional(), clauses: z.array(clause) });
const filter = z.object({ inputFilterGroups: z.array(filterGroup).default([]), categoryFilterGroups: z.array(filterGroup).default([]), groups: z.array(filterGroup).default([]) });

const sourceSchema: z.ZodType<unknown> = z.lazy(() =>
  z.object({
    expression: z.string().nullable().optional(),
    name: z.string().nullable().optional(),
    type: z.enum(['Attribute', 'Constant', 'Function']),
    parameters: z.array(z.object({ key: z.string(), value: sourceSchema })).default([]),
  }),
);

const attributeMapping = z.object({
  targetAttributeName: z.string().min(1),
  source: sourceSchema.nullable(),
  defaultValue: z.string().nullable().optional(),
  exportMissingReferences: z.boolean().optional(),
  flowBehavior: z.enum(['FlowWhenChanged', 'FlowAlways']).optional(),
  flowType: z.enum(['Always', 'ObjectAddOnly', 'MultiValueAddOnly', 'ValueAddOnly', 'AttributeAddOnly']).optional(),
  matchingPriority: z.number().int().optional(),
});

const objectMapping = z.object({
  name: z.string().optional(),
  enabled: z.boolean().default(true),
  flowTypes: z.string().optional(),
  sourceObjectName: z.string().min(1),
  targetObjectName: z.string().min(1),
  scope: filter.nullable().optional(),
  attributeMappings: z.array(attributeMapping),
  metadata: z.array(z.object({ key: z.string(), value: z.string() })).optional(),
});

const rule = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  editable: z.boolean().optional(),
  sourceDirectoryName: z.string().optional(),
  targetDirectoryName: z.string().optional(),
  objectMappings: z.array(objectMapping).min(1),
  metadata: z.array(z.object({ key: z.string(), value: z.string() })).optional(),
});

const schemaBody = z.object({
  id: z.string().optional(),
  version: z.string().optional(),
  synchronizationRules: z.array(rule).min(1),
  directories: z.array(z.unknown()).default([]),
});

const where = (path: readonly PropertyKey[]): string => path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');

/** The checked schema (defaults filled in), or a 400 GraphError. */
export function checkSchema(body: unknown, current: SynchronizationSchema): SynchronizationSchema {
  if (body === undefined || body === null || typeof body !== 'object') throw new GraphError(400, 'BadRequest', 'The request body must be a synchronizationSchema object.');
  const r = schemaBody.safeParse(body);
  if (!r.success) {
    const i = r.error.issues[0]!;
    const missing = i.code === 'invalid_type' && /received undefined/.test(i.message);
    throw new GraphError(400, 'BadRequest', missing ? `The synchronizationSchema is invalid: the property '${where(i.path)}' is required.` : `The synchronizationSchema is invalid at '${where(i.path)}': ${i.message}.`);
  }
  const schema = { ...(r.data as unknown as SynchronizationSchema), id: current.id ?? r.data.id ?? '', version: current.version };
  // Every expression the cycles run must parse.
  try {
    compileSyncMapping({ user: mappingOverrides(userMapping(schema), DEFAULT_USER_MAPPING), group: mappingOverrides(groupMapping(schema), DEFAULT_GROUP_MAPPING) });
  } catch (e) {
    if (isCloudsyncError(e)) throw new GraphError(400, 'BadRequest', `The synchronizationSchema is invalid: ${e.message}.`);
    throw e;
  }
  return schema;
}
