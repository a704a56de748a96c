import type { Scope } from '../../directory/types.js';
import { CloudsyncError } from '../../errors.js';
import type { Finding } from '../../validate/findings.js';
import { validateDirectory, type RuleSet } from '../../validate/run.js';
import type { Context } from '../context.js';
import { entraSettingsFor, openEntra, type EntraCliFlags } from '../entra.js';
import { EXIT } from '../output/exit-codes.js';
import { renderValidateResult } from '../output/findings.js';
import { startProgress } from '../progress.js';
import { openSource, type ConnectionFlags } from '../source.js';

export interface ValidateFlags extends ConnectionFlags, EntraCliFlags {
  tenant?: boolean;
  rules?: string;
  ou?: string[];
  group?: string[];
  filter?: string;
  verifiedDomains?: string[];
  failOn?: string;
  alternateLoginId?: boolean;
}

export async function runValidate(ctx: Context, flags: ValidateFlags): Promise<number> {
  const cfg = ctx.config.validate ?? {};
  const rules = parseRules(flags.rules ?? cfg.rules ?? 'entra');
  const failOn = parseFailOn(flags.failOn ?? cfg.failOn ?? 'error');
  const verifiedDomains = flags.verifiedDomains ?? cfg.verifiedDomains;
  const scope: Scope = {
    ...(flags.baseDn !== undefined ? { baseDn: flags.baseDn } : {}),
    ...((flags.ou ?? cfg.ou) ? { ous: flags.ou ?? cfg.ou } : {}),
    ...((flags.group ?? cfg.group) ? { groups: flags.group ?? cfg.group } : {}),
    ...((flags.filter ?? cfg.filter) !== undefined ? { filter: flags.filter ?? cfg.filter } : {}),
  };
  if (scope.filter !== undefined) {
    const { validateFilter } = await import('../../directory/filter.js');
    validateFilter(scope.filter);
  }
  if (scope.ous || scope.groups || scope.baseDn) {
    const { parseDn } = await import('../../directory/dn.js');
    for (const dn of [...(scope.ous ?? []), ...(scope.groups ?? []), ...(scope.baseDn ? [scope.baseDn] : [])]) parseDn(dn);
  }

  const tenant = await tenantChecks(ctx, flags, rules);
  const domains = verifiedDomains ? normalizeDomains(verifiedDomains) : tenant?.verifiedDomains;
  const source = await openSource(ctx, flags);
  const progress = await startProgress(ctx, `Reading ${source.description}`);
  try {
    const result = await validateDirectory(source, {
      rules,
      scope,
      ...(domains ? { verifiedDomains: domains } : {}),
      ...(tenant ? { cloud: tenant.checker } : {}),
      alternateLoginId: flags.alternateLoginId ?? cfg.alternateLoginId ?? false,
      onProgress: (n) => progress.update(`Validating ${source.description}: ${n.toLocaleString('en')} objects read`),
    });
    progress.stop();
    const width = ctx.io.stdoutIsTty ? (ctx.io.columns ?? 120) : undefined;
    ctx.io.out(renderValidateResult(result, { format: ctx.format, paint: ctx.paint, ...(width ? { width } : {}) }));
    return failed(result.findings, failOn) ? EXIT.findings : EXIT.ok;
  } finally {
    progress.stop();
    await source.close();
  }
}

function parseRules(v: string): RuleSet {
  if (v === 'entra' || v === 'idfix') return v;
  throw new CloudsyncError('usage', `unknown rule set "${v}": use entra (default) or idfix`);
}

function parseFailOn(v: string): 'error' | 'warning' | 'never' {
  if (v === 'error' || v === 'warning' || v === 'never') return v;
  throw new CloudsyncError('usage', `--fail-on expects error, warning or never, got "${v}"`);
}

function normalizeDomains(list: readonly string[]): string[] {
  const out = list.flatMap((d) => d.split(',')).map((d) => d.trim().toLowerCase()).filter(Boolean);
  for (const d of out) {
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(d)) throw new CloudsyncError('usage', `--verified-domains: "${d}" is not a domain name`);
  }
  return out;
}

function failed(findings: readonly Finding[], failOn: 'error' | 'warning' | 'never'): boolean {
  if (failOn === 'never') return false;
  return findings.some((f) => failOn === 'warning' || f.severity === 'error');
}

/** With Entra credentials configured: the tenant's verified domains and its objects, loaded once. */
async function tenantChecks(ctx: Context, flags: ValidateFlags, rules: RuleSet) {
  if (flags.tenant === false || rules !== 'entra') return undefined;
  const settings = await entraSettingsFor(ctx, flags);
  if (!settings) return undefined;
  const client = await openEntra(ctx, settings);
  const { CloudChecker } = await import('../../validate/cloud/index.js');
  const { graphCloudReader } = await import('../../validate/cloud/graph-reader.js');
  const progress = await startProgress(ctx, 'Reading the tenant');
  try {
    const reader = graphCloudReader(client);
    const [verifiedDomains, checker] = await Promise.all([reader.verifiedDomains(), CloudChecker.load(reader)]);
    return { verifiedDomains, checker };
  } finally {
    progress.stop();
  }
}
