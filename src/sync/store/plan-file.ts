/**
 * Saved plans (`--plan-out`, `--plan FILE --apply`): JSON written atomically and read back with a
 * format check. Before a saved plan is applied, plan/current.ts compares it with a fresh plan.
 */
import { readFileSync } from 'node:fs';
import { CloudsyncError } from '../../errors.js';
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
    throw new CloudsyncError('input', `cannot read the plan ${path}: ${(e as Error).message}`);
  }
  const p = raw as Partial<Plan>;
  if (p.format !== 'cloudsync-plan' || p.version !== 1) throw new CloudsyncError('input', `${path} is not a cloudsync plan (expected format cloudsync-plan version 1)`);
  if (!Array.isArray(p.operations) || typeof p.source?.fingerprint !== 'string' || typeof p.cloud?.fingerprint !== 'string' || !Array.isArray(p.guards)) {
    throw new CloudsyncError('input', `${path} is an incomplete cloudsync plan (operations, fingerprints or guards missing)`);
  }
  return p as Plan;
}
