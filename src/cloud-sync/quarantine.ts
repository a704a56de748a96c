/**
 * What each quarantine reason of a cloud sync job means and what the administrator does about
 * it, with the cloudsync commands for each step (Graph only gives the reason's name).
 */
import type { QuarantineReason } from '../directory/entra/synchronization-types.js';

export interface QuarantineExplanation {
  reason: string;
  /** What happened, in one sentence. */
  meaning: string;
  /** What to do, in order. */
  actions: string[];
}

const RETRY = 'the service retries by itself at the next attempt time; to retry now after fixing: cloudsync job restart --reset quarantine';

const EXPLANATIONS: Record<QuarantineReason, Omit<QuarantineExplanation, 'reason'>> = {
  TooManyDeletes: {
    meaning: 'a cycle would have deleted at least as many objects as the accidental-delete threshold allows, so the deletes were staged and the job stopped',
    actions: [
      'review the staged deletes: cloudsync logs cloud --action stagedDelete',
      'if they are intended: cloudsync job restart --reset force-deletes (lets them through once)',
      'if the threshold is too low for your directory: cloudsync job threshold <n>',
      'if they are a mistake (an OU moved, a scope changed): fix AD or the scope, then cloudsync job restart --reset quarantine',
    ],
  },
  EncounteredEscrowProportionThreshold: {
    meaning: 'too large a share of the objects in the cycle failed to export (escrows), so the service stopped rather than keep failing',
    actions: ['find the failing objects and their errors: cloudsync logs cloud --status failure', 'fix them in AD (or the conflicting objects in Entra ID)', 'then: cloudsync job restart --reset escrows,quarantine'],
  },
  EncounteredBaseEscrowThreshold: {
    meaning: 'the number of failed exports (escrows) reached the base threshold for the job',
    actions: ['find the failing objects and their errors: cloudsync logs cloud --status failure', 'fix them, then: cloudsync job restart --reset escrows,quarantine'],
  },
  EncounteredTotalEscrowThreshold: {
    meaning: 'the total number of objects waiting for a retry (escrows) reached the job-wide limit',
    actions: ['find the failing objects and their errors: cloudsync logs cloud --status failure', 'fix them, then: cloudsync job restart --reset escrows,quarantine'],
  },
  EncounteredQuarantineException: {
    meaning: 'the job hit an error it cannot get past by itself (often credentials, an unreachable domain controller or an agent problem); the quarantine error says which',
    actions: ['read the error below and the troubleshooting URL', 'check the agents: cloudsync agents (one must be active and reach AD)', `fix the cause; ${RETRY}`],
  },
  IngestionInterrupted: {
    meaning: 'reading from AD was interrupted (the agent lost contact or the import was cut off) and the job stopped to avoid acting on a partial read',
    actions: ['check the agents: cloudsync agents (one must be active)', `check the agent host can reach its domain controllers; ${RETRY}`],
  },
  QuarantinedOnDemand: {
    meaning: 'an administrator or Microsoft put the job in quarantine on purpose',
    actions: ['find out why before resuming; to resume: cloudsync job start'],
  },
  Unknown: {
    meaning: 'Graph gives no reason for the quarantine',
    actions: ['read the error below and the troubleshooting URL', RETRY],
  },
};

export function explainQuarantine(reason: string | null | undefined): QuarantineExplanation {
  // Graph may leave the reason empty: that is no reason given, not a reason cloudsync does not know.
  if (reason === null || reason === undefined || reason.trim() === '') return { reason: '', ...EXPLANATIONS.Unknown };
  const known = Object.entries(EXPLANATIONS).find(([k]) => k.toLowerCase() === reason.toLowerCase());
  if (known) return { reason: known[0], ...known[1] };
  return { reason, meaning: `a reason cloudsync does not know ("${reason}")`, actions: EXPLANATIONS.Unknown.actions };
}

export const QUARANTINE_REASONS = Object.keys(EXPLANATIONS) as QuarantineReason[];
