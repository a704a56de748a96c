import { describe, expect, it } from 'vitest';
import { deleteThreshold, intervalMs, newJob } from '../../src/emulator/sync-service/defaults.js';
import { afterCycle, isDue, parseResetScope, pauseJob, quarantineJob, restartJob, startJob, type CycleOutcome } from '../../src/emulator/sync-service/lifecycle.js';

const T0 = Date.parse('2026-03-01T10:00:00Z');

function outcome(o: Partial<CycleOutcome> = {}): CycleOutcome {
  return { began: T0, ended: T0 + 1000, full: true, imported: 10, entitled: 8, changedObjects: 8, exports: 8, exported: 8, failed: 0, stagedDeletes: 0, forcedDeletes: false, synchronized: { user: 6, group: 2 }, ...o };
}

describe('cloud sync job life cycle', () => {
  it('a new job has not run; its first cycle makes it Active with the counts of the execution', () => {
    const job = newJob('AD2AADProvisioning', 'contoso.com');
    expect(job.status.code).toBe('NotRun');
    afterCycle(job, outcome(), 'a1');
    expect(job.status.code).toBe('Active');
    expect(job.status.lastExecution).toMatchObject({ activityIdentifier: 'a1', state: 'Succeeded', countImported: 10, countEntitled: 8, countExports: 8, countExported: 8, countEscrowed: 0 });
    expect(job.status.lastSuccessfulExecutionWithExports?.activityIdentifier).toBe('a1');
    expect(job.status.synchronizedEntryCountByType).toEqual([
      { key: 'user to User', value: 6 },
      { key: 'group to Group', value: 2 },
    ]);
    expect(job.next.full).toBe(false);
    // Nothing exported: steady state.
    expect(job.status.steadyStateFirstAchievedTime.startsWith('0001')).toBe(true);
    afterCycle(job, outcome({ full: false, changedObjects: 0, exports: 0, exported: 0, ended: T0 + 5000 }), 'a2');
    expect(job.status.steadyStateLastAchievedTime).toBe(new Date(T0 + 5000).toISOString());
    expect(job.status.lastExecution).toMatchObject({ countImported: 0, countImportedDeltas: 0 });
    expect(job.status.lastSuccessfulExecutionWithExports?.activityIdentifier).toBe('a1');
  });

  it('pause stops the schedule, start resumes it and clears quarantine', () => {
    const job = newJob('AD2AADProvisioning', 'contoso.com');
    job.lastTick = new Date(T0).toISOString();
    expect(isDue(job, T0 + 121_000, 1)).toBe(true);
    pauseJob(job);
    expect(job.status.code).toBe('Paused');
    expect(isDue(job, T0 + 121_000, 1)).toBe(false);
    startJob(job);
    expect(job.status.code).toBe('NotRun');
    afterCycle(job, outcome(), 'x');
    quarantineJob(job, 'QuarantinedOnDemand', null, T0);
    expect(job.status.code).toBe('Quarantine');
    expect(isDue(job, T0 + 10 * 86_400_000, 1)).toBe(false);
    startJob(job);
    expect(job.status).toMatchObject({ code: 'Active', quarantine: null });
  });

  it('the speed divides the interval', () => {
    const job = newJob('AD2AADProvisioning', 'contoso.com');
    job.lastTick = new Date(T0).toISOString();
    expect(isDue(job, T0 + 1000, 60)).toBe(false);
    expect(isDue(job, T0 + 2000, 60)).toBe(true);
    expect(intervalMs('PT2M')).toBe(120_000);
    expect(intervalMs('P1DT1H')).toBe(90_000_000);
    expect(intervalMs('2 minutes')).toBeUndefined();
  });

  it('quarantine series back off, doubling the interval', () => {
    const job = newJob('AD2AADProvisioning', 'contoso.com');
    quarantineJob(job, 'EncounteredQuarantineException', null, T0);
    quarantineJob(job, 'EncounteredQuarantineException', null, T0 + 1000);
    const q = job.status.quarantine!;
    expect(q.seriesCount).toBe(2);
    expect(q.seriesBegan).toBe(new Date(T0).toISOString());
    expect(Date.parse(q.nextAttempt) - Date.parse(q.currentBegan)).toBe(240_000);
  });

  it('at speed N the quarantine retry comes N times sooner, and nextAttempt says when', () => {
    const job = newJob('AD2AADProvisioning', 'contoso.com');
    job.lastTick = new Date(T0 - 3_600_000).toISOString();
    afterCycle(job, outcome({ stagedDeletes: 3, ended: T0 }), 'a', 60);
    const q = job.status.quarantine!;
    // PT2M at speed 60: two seconds, shown as such.
    expect(Date.parse(q.nextAttempt) - Date.parse(q.currentBegan)).toBe(2000);
    expect(isDue(job, T0 + 1999, 60)).toBe(false);
    expect(isDue(job, T0 + 2000, 60)).toBe(true);
    quarantineJob(job, 'EncounteredQuarantineException', null, T0 + 5000, 60);
    expect(Date.parse(job.status.quarantine!.nextAttempt) - (T0 + 5000)).toBe(4000);
  });

  it('a cycle that cannot read its source quarantines the job with the error', () => {
    const job = newJob('AD2AADProvisioning', 'contoso.com');
    afterCycle(job, outcome({ error: { code: 'SourceUnavailable', message: 'cannot read x.ldif', tenantActionable: true } }), 'f');
    expect(job.status.code).toBe('Quarantine');
    expect(job.status.quarantine).toMatchObject({ reason: 'EncounteredQuarantineException', error: { message: 'cannot read x.ldif' } });
    expect(job.status.lastExecution?.state).toBe('Failed');
    expect(job.status.countSuccessiveCompleteFailures).toBe(1);
    expect(job.status.lastSuccessfulExecution).toBeNull();
  });

  it('too many failed exports quarantine for the escrow proportion; fewer are entry-level errors kept as escrows', () => {
    const job = newJob('AD2AADProvisioning', 'contoso.com');
    afterCycle(job, outcome({ exports: 10, exported: 9, failed: 1 }), 'a');
    expect(job.status.code).toBe('Active');
    expect(job.status.lastExecution?.state).toBe('EntryLevelErrors');
    expect(job.escrows).toBe(1);
    afterCycle(job, outcome({ exports: 10, exported: 5, failed: 5 }), 'b');
    expect(job.status.quarantine?.reason).toBe('EncounteredEscrowProportionThreshold');
    expect(job.escrows).toBe(6);
    restartJob(job, parseResetScope('Escrows'));
    expect(job.escrows).toBe(0);
    expect(job.status.escrowsPruned).toBe(true);
    expect(job.status.code).toBe('Quarantine');
  });

  it('staged deletes quarantine TooManyDeletes until restart with ForceDeletes, which passes them once', () => {
    const job = newJob('AD2AADProvisioning', 'contoso.com');
    afterCycle(job, outcome(), 'a');
    afterCycle(job, outcome({ stagedDeletes: 700 }), 'b');
    expect(job.status.quarantine?.reason).toBe('TooManyDeletes');
    expect(job.stagedDeletes).toBe(700);
    expect(job.status.lastSuccessfulExecution?.activityIdentifier).toBe('a');
    restartJob(job, parseResetScope('QuarantineState'));
    expect(job.next.forceDeletes).toBe(false);
    restartJob(job, parseResetScope('ForceDeletes'));
    expect(job.next.forceDeletes).toBe(true);
    afterCycle(job, outcome({ forcedDeletes: true }), 'c');
    expect(job.status.code).toBe('Active');
    expect(job.next.forceDeletes).toBe(false);
    expect(job.stagedDeletes).toBe(0);
  });

  it('restart scopes: Watermark forces a full cycle, Full and empty mean escrows + watermark + quarantine but never ForceDeletes', () => {
    expect([...parseResetScope('Watermark')]).toEqual(['Watermark']);
    expect(new Set(parseResetScope(''))).toEqual(new Set(['Escrows', 'Watermark', 'QuarantineState']));
    expect(new Set(parseResetScope(undefined))).toEqual(new Set(['Escrows', 'Watermark', 'QuarantineState']));
    expect(parseResetScope('Full').has('ForceDeletes')).toBe(false);
    expect(new Set(parseResetScope('escrows, forcedeletes'))).toEqual(new Set(['Escrows', 'ForceDeletes']));
    expect(() => parseResetScope('Watermark,None')).toThrow(/'None' is not a valid synchronizationJobRestartScope/);
    expect(() => parseResetScope('ConnectorDataStore')).toThrow(/not a valid/);
    expect(() => parseResetScope(3)).toThrow(/must be a string/);
    const job = newJob('AD2AADProvisioning', 'contoso.com');
    afterCycle(job, outcome(), 'a');
    expect(job.next.full).toBe(false);
    restartJob(job, parseResetScope('Watermark'));
    expect(job.next.full).toBe(true);
  });

  it('the delete threshold comes from the settings; disabled means none', () => {
    const job = newJob('AD2AADProvisioning', 'contoso.com');
    expect(deleteThreshold(job)).toBe(500);
    job.settings.find((s) => s.name === 'DeleteThresholdValue')!.value = '20';
    expect(deleteThreshold(job)).toBe(20);
    job.settings.find((s) => s.name === 'DeleteThresholdEnabled')!.value = 'false';
    expect(deleteThreshold(job)).toBe(Number.MAX_SAFE_INTEGER);
  });
});
