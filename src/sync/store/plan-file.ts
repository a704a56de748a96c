/**
 * Saved plans (`--plan-out`, `--plan FILE --apply`): JSON written atomically and read back with a
 * format check. Before a saved plan is applied, plan/current.ts compares it with a fresh plan.
 */
import { readFileSync } from 'node:fs';
import { CloudsyncError } from '../../errors.js';
import { echo } from '../../util/echo.js';
import { planSchema } from './plan-schema.js';
import { writeFileAtomic } from './state.js';
import type { Plan } from '../types.js';

export function savePlan(plan: Plan, path: string): void {
  writeFileAtomic(path, JSON.stringify(plan) + '\n');
}

export function loadPlan(path: string): Plan {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CloudsyncError('input', `cannot read the plan ${path}: ${echo((e as Error).message, 160)}`);
  }
  const p = raw as Partial<Plan> | null;
  if (p === null || typeof p !== 'object' || p.format !== 'cloudsync-plan' || p.version !== 1) {
    throw new CloudsyncError('input', `${path} is not a cloudsync plan (expected format cloudsync-plan version 1)`);
  }
  const parsed = planSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    throw new CloudsyncError('input', `${path} is a damaged cloudsync plan: ${echo(where, 80)}: ${echo(issue.message, 160)}; make the plan again with --plan-out`);
  }
  return raw as Plan;
}
