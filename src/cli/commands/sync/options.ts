/**
 * Options of `cloudsync sync`: the config file's `sync` section under the flags, parsed once before
 * anything is read. The section's pieces (scope, mapping, plan options) are shared with
 * `test-user` and `mapping test`, which import them from here.
 */
import { z } from 'zod';
import type { SyncConfig } from '../../../config/schema.js';
import { parseDn } from '../../../directory/dn.js';
import { validateFilter } from '../../../directory/filter.js';
import type { Scope } from '../../../directory/types.js';
import { CloudsyncError } from '../../../errors.js';
import { parseThreshold } from '../../../sync/guards.js';
import type { PlanOptions } from '../../../sync/plan/planner.js';
import type { SyncMapping } from '../../../sync/read/source.js';
import type { Context } from '../../context.js';
import type { EntraCliFlags } from '../../entra.js';
import { choice, fail, via } from '../../options/coerce.js';
import { parseFlags, type Parsed } from '../../options/parse.js';
import type { ConnectionFlags } from '../../source.js';

/** The scope flags of sync and test-user. */
export interface ScopeFlags {
  ou?: string[];
  group?: string[];
  all?: boolean;
  filter?: string;
}

/** The matching flags of sync and test-user. */
export interface MatchFlags {
  /** false with --no-soft-match (commander sets true otherwise: the config decides then). */
  softMatch?: boolean;
  matchGroupsByName?: boolean;
}

export interface SyncFlags extends ConnectionFlags, EntraCliFlags, ScopeFlags, MatchFlags {
  apply?: boolean;
  planOut?: string;
  plan?: string;
  deleteThreshold?: string;
  forceDeletes?: boolean;
  onDelete?: string;
  /** Read only what changed in AD since the last completed apply (docs/sync.md, "Delta runs"). */
  delta?: boolean;
  /** Every row of a long plan's table (default: the first PLAN_TABLE_ROWS). */
  full?: boolean;
}

type SectionFlags = ScopeFlags & MatchFlags & Pick<SyncFlags, 'baseDn' | 'onDelete' | 'deleteThreshold' | 'forceDeletes'>;

/**
 * The `sync` section under the flags. A scope flag (--ou, --group, --all) replaces the config's
 * whole scope, so a typo can never widen it; --no-soft-match and --match-groups-by-name only
 * override the config in their direction; the rest: a given flag wins.
 */
export function sectionInput(flags: SectionFlags, cfg: SyncConfig) {
  const fromFlags = flags.ou !== undefined || flags.group !== undefined || flags.all === true;
  return {
    ou: fromFlags ? flags.ou : cfg.ou,
    group: fromFlags ? flags.group : cfg.group,
    all: fromFlags ? flags.all === true : cfg.all === true,
    filter: flags.filter ?? cfg.filter,
    baseDn: flags.baseDn,
    mapping: cfg.mapping ?? {},
    onDelete: flags.onDelete ?? cfg.onDelete,
    deleteThreshold: flags.deleteThreshold ?? cfg.deleteThreshold,
    softMatch: flags.softMatch === false ? false : cfg.softMatch,
    matchGroupsByName: flags.matchGroupsByName === true ? true : cfg.groupNameMatch,
    forceDeletes: flags.forceDeletes === true,
    shrinkRatio: cfg.shrinkRatio,
    protected: cfg.protected,
    removalGuard: cfg.removalGuard,
  };
}

/** What `scopeRules` looks at. */
interface ScopeInput {
  readonly all: boolean;
  readonly ou?: readonly string[] | undefined;
  readonly group?: readonly string[] | undefined;
  readonly filter?: string | undefined;
  readonly baseDn?: string | undefined;
}

/**
 * The scope, checked before anything else: --all alone, one of --ou, --group or --all (when
 * `required`), then the filter and every DN.
 */
export function scopeRules(o: ScopeInput, ctx: z.RefinementCtx, required: boolean): void {
  if (o.all && (o.ou !== undefined || o.group !== undefined)) fail(ctx, '--all cannot be combined with --ou or --group: choose one scope');
  else if (required && !o.all && o.ou === undefined && o.group === undefined) {
    fail(ctx, 'no sync scope: give --ou DN (repeatable), --group DN (repeatable) or --all, or set sync.ou / sync.group / sync.all in the config file');
  } else {
    if (o.filter !== undefined) via(validateFilter)(o.filter, ctx);
    for (const dn of [...(o.ou ?? []), ...(o.group ?? []), ...(o.baseDn !== undefined ? [o.baseDn] : [])]) via(parseDn)(dn, ctx);
  }
}

/** The defaults with the config's overrides; a bad expression stops here (exit 2) with its column (and its caret line with --debug). */
export async function compileMapping(overrides: SyncConfig['mapping']): Promise<SyncMapping> {
  const { compileSyncMapping } = await import('../../../sync/read/source.js');
  return compileSyncMapping(overrides ?? {});
}

/** The section once its scope passed `scopeRules`; checked in this order (the first problem is the one reported). */
export const sectionFields = {
  filter: z.string().optional(),
  ou: z.array(z.string()).optional(),
  group: z.array(z.string()).optional(),
  baseDn: z.string().optional(),
  all: z.boolean(),
  mapping: z.custom<SyncConfig['mapping']>().transform(compileMapping),
  onDelete: choice(['delete', 'disable'], (v) => `--on-delete expects delete or disable, got "${v}"`).optional(),
  deleteThreshold: z.union([z.string(), z.number()]).transform((v, ctx) => via(parseThreshold)(String(v), ctx)).optional(),
  softMatch: z.boolean().optional(),
  matchGroupsByName: z.boolean().optional(),
  forceDeletes: z.boolean(),
  shrinkRatio: z.number().optional(),
  protected: z.array(z.string()).optional(),
  removalGuard: z.custom<SyncConfig['removalGuard']>().optional(),
};

type SectionFields = z.output<z.ZodObject<typeof sectionFields>>;

/** What the run takes: the scope, the compiled mapping, the plan options (flags > config > library defaults). */
export function resolveSection(o: SectionFields): { scope: Scope; mapping: SyncMapping; planOptions: PlanOptions } {
  const scope: Scope = {
    ...(o.baseDn !== undefined ? { baseDn: o.baseDn } : {}),
    ...(o.ou !== undefined ? { ous: o.ou } : {}),
    ...(o.group !== undefined ? { groups: o.group } : {}),
    ...(o.filter !== undefined ? { filter: o.filter } : {}),
  };
  const planOptions: PlanOptions = {
    ...(o.softMatch !== undefined ? { softMatch: o.softMatch } : {}),
    ...(o.matchGroupsByName !== undefined ? { matchGroupsByName: o.matchGroupsByName } : {}),
    ...(o.onDelete !== undefined ? { onDelete: o.onDelete } : {}),
    ...(o.deleteThreshold !== undefined ? { deleteThreshold: o.deleteThreshold } : {}),
    ...(o.forceDeletes ? { forceDeletes: true } : {}),
    ...(o.shrinkRatio !== undefined ? { shrinkRatio: o.shrinkRatio } : {}),
    ...(o.protected !== undefined ? { protected: o.protected } : {}),
    ...(o.removalGuard !== undefined ? { removalGuard: o.removalGuard } : {}),
  };
  return { scope, mapping: o.mapping, planOptions };
}

const fields = z.object({
  ...sectionFields,
  apply: z.boolean(),
  plan: z.string().optional(),
  planOut: z.string().optional(),
  delta: z.boolean(),
  full: z.boolean(),
  /** Ask on a terminal before applying, when --apply was not given. */
  interactive: z.boolean(),
  forcePasswordChange: z.boolean(),
  writeConsistencyGuid: z.boolean(),
  /** --ou, --group or --all was given (a saved plan's scope is then checked against it). */
  scopeFlags: z.boolean(),
  filterFlag: z.boolean(),
  baseDnFlag: z.boolean(),
});

/** Checked in the order: --plan with --plan-out, the scope, the mapping, --on-delete, --delete-threshold, --delta with a plan file. */
const schema = z
  .custom<z.input<typeof fields>>()
  .superRefine((o, ctx) => {
    if (o.plan !== undefined && o.planOut !== undefined) fail(ctx, '--plan and --plan-out cannot be used together: --plan applies a saved plan, --plan-out saves a new one');
    // A saved plan brings its own scope (applied in run.ts); without a scope flag there is nothing to check here.
    else scopeRules(o, ctx, o.plan === undefined || o.scopeFlags === true);
  })
  .pipe(fields)
  .superRefine((o, ctx) => {
    if (o.delta && (o.plan !== undefined || o.planOut !== undefined)) {
      fail(ctx, '--delta cannot be used with --plan or --plan-out: a saved plan is checked against a full read; drop --delta');
    }
  })
  .transform((o) => ({
    ...resolveSection(o),
    apply: o.apply,
    plan: o.plan,
    planOut: o.planOut,
    delta: o.delta,
    full: o.full,
    interactive: o.interactive,
    forcePasswordChange: o.forcePasswordChange,
    writeConsistencyGuid: o.writeConsistencyGuid,
    scopeFlags: o.scopeFlags,
    filterFlag: o.filterFlag,
    baseDnFlag: o.baseDnFlag,
  }));

export type SyncOptions = Parsed<SyncFlags, z.output<typeof schema>>;

export async function syncOptions(ctx: Context, flags: SyncFlags): Promise<SyncOptions> {
  const cfg = ctx.config.sync ?? {};
  const apply = flags.apply === true;
  return parseFlags(schema, flags, {
    ...sectionInput(flags, cfg),
    apply,
    plan: flags.plan,
    planOut: flags.planOut,
    delta: flags.delta === true || (flags.delta === undefined && cfg.delta === true),
    full: flags.full === true,
    interactive: !apply && ctx.io.stdinIsTty && ctx.io.stderrIsTty && ctx.format === 'table',
    forcePasswordChange: cfg.forcePasswordChange ?? true,
    writeConsistencyGuid: cfg.writeConsistencyGuid === true,
    scopeFlags: flags.ou !== undefined || flags.group !== undefined || flags.all === true,
    filterFlag: flags.filter !== undefined,
    baseDnFlag: flags.baseDn !== undefined,
  });
}

const dnKey = (dn: string): string => dn.replace(/\s*([,=+])\s*/g, '$1').trim().toLowerCase();
const listKey = (l: readonly string[] | undefined): string => JSON.stringify([...(l ?? [])].map(dnKey).sort());
const describeScope = (s: Scope): string =>
  [s.ous?.length ? `--ou ${s.ous.join(' --ou ')}` : '', s.groups?.length ? `--group ${s.groups.join(' --group ')}` : '', !s.ous?.length && !s.groups?.length ? '--all' : '', s.filter !== undefined ? `--filter ${s.filter}` : '']
    .filter((x) => x !== '')
    .join(' ');

/**
 * The scope of `--plan FILE --apply`: the plan's own. A scope given on the command line (--ou,
 * --group, --all, --filter, --base-dn) must name the same objects, or the run is refused (exit 2).
 */
export function planScope(o: Pick<SyncOptions, 'scope' | 'scopeFlags' | 'filterFlag' | 'baseDnFlag'>, saved: Scope, path: string): Scope {
  const differs =
    (o.scopeFlags && (listKey(o.scope.ous) !== listKey(saved.ous) || listKey(o.scope.groups) !== listKey(saved.groups))) ||
    (o.filterFlag && o.scope.filter !== saved.filter) ||
    (o.baseDnFlag && dnKey(o.scope.baseDn ?? '') !== dnKey(saved.baseDn ?? ''));
  if (differs) {
    throw new CloudsyncError('usage', `the scope given differs from the saved plan's (${describeScope(saved)}): drop the scope flags to apply ${path}, or make a new plan with --plan-out`);
  }
  return saved;
}
