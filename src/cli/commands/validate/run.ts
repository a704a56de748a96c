import { validateDirectory, type RuleSet } from '../../../validate/run.js';
import type { Finding } from '../../../validate/findings.js';
import type { Context } from '../../context.js';
import { entraSettingsFor, openEntra } from '../../entra.js';
import { emitOptions } from '../../output/emit.js';
import { EXIT } from '../../output/exit-codes.js';
import { startProgress } from '../../progress.js';
import { openSource } from '../../source.js';
import { validateOptions, type ValidateFlags, type ValidateOptions } from './options.js';
import { isCi } from '../../progress.js';
import { renderValidateResult, summaryLine } from './render.js';

export async function runValidate(ctx: Context, flags: ValidateFlags): Promise<number> {
  const o = await validateOptions(ctx, flags);
  const tenant = await tenantChecks(ctx, o, o.rules);
  const domains = o.verifiedDomains ?? tenant?.verifiedDomains;
  const source = await openSource(ctx, o);
  const progress = await startProgress(ctx, `Reading ${source.description}`);
  try {
    const result = await validateDirectory(source, {
      rules: o.rules,
      scope: o.scope,
      ...(domains ? { verifiedDomains: domains } : {}),
      ...(tenant ? { cloud: tenant.checker } : {}),
      alternateLoginId: o.alternateLoginId,
      onProgress: (n) => progress.update(`Validating ${source.description}: ${n.toLocaleString('en')} objects read`),
    });
    progress.stop();
    // A cut export validates what it holds; say so on stderr whatever the format (JSON carries summary.partialRead too).
    if (result.summary.partialRead !== undefined) ctx.warn(`partial read: ${result.summary.partialRead}`);
    // An empty export is not a clean directory: say that nothing was checked.
    if (result.summary.objectsRead === 0) ctx.warn(`no objects read from ${source.description}: nothing was validated`);
    ctx.io.out(renderValidateResult(result, emitOptions(ctx)));
    if (ctx.format !== 'table' && isCi(ctx.io.env)) ctx.info(`validate: ${summaryLine(result).replace(/\*\*/g, '')}`);
    return failed(result.findings, o.failOn) ? EXIT.findings : EXIT.ok;
  } finally {
    progress.stop();
    await source.close();
  }
}

function failed(findings: readonly Finding[], failOn: ValidateOptions['failOn']): boolean {
  if (failOn === 'never') return false;
  return findings.some((f) => failOn === 'warning' || f.severity === 'error');
}

/** With Entra credentials configured: the tenant's verified domains and its objects, loaded once. */
async function tenantChecks(ctx: Context, o: ValidateOptions, rules: RuleSet) {
  if (!o.tenant || rules !== 'entra') return undefined;
  const settings = await entraSettingsFor(ctx, o);
  if (!settings) return undefined;
  const client = await openEntra(ctx, settings);
  const { CloudChecker } = await import('../../../validate/cloud/index.js');
  const { graphCloudReader } = await import('../../../validate/cloud/graph-reader.js');
  const progress = await startProgress(ctx, 'Reading the tenant');
  try {
    const reader = graphCloudReader(client);
    const [verifiedDomains, checker] = await Promise.all([reader.verifiedDomains(), CloudChecker.load(reader)]);
    return { verifiedDomains, checker };
  } finally {
    progress.stop();
  }
}
