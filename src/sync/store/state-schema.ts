/**
 * The sync state file's shape, checked on load like a saved plan: a damaged file is one input
 * error naming the field, never a crash later in the planner or the guards. Unknown fields pass
 * (a later version may add some); a managed entry of an unknown kind is dropped by the reader.
 */
import { z } from 'zod';

const count = z.number().int().nonnegative();

export const stateFileSchema = z.looseObject({
  format: z.literal('cloudsync-state'),
  version: z.literal(1),
  tenant: z.string().optional(),
  scopeKey: z.string().optional(),
  lastRunId: z.string().optional(),
  lastSuccess: z
    .looseObject({ runId: z.string(), time: z.string(), counts: z.looseObject({ total: count, users: count, groups: count, byOu: z.record(z.string(), count) }) })
    .optional(),
  watermark: z.looseObject({}).optional(), // its fields are checked by the reader (a bad one means a full read)
  managed: z.record(
    z.string(),
    z.looseObject({
      kind: z.string(),
      cloudId: z.string().optional(),
      dn: z.string().optional(),
      pending: z.looseObject({ displayName: z.string().nullable(), mailNickname: z.string().nullable(), time: z.string() }).optional(),
    }),
  ),
});
