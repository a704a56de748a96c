import { describe, expect, it } from 'vitest';
import { explainQuarantine, QUARANTINE_REASONS } from '../../src/cloud-sync/quarantine.js';
import { listRow, statusView } from '../../src/cloud-sync/status.js';
import { renderStatus } from '../../src/cli/commands/job/status/render.js';
import { makePaint } from '../../src/cli/output/paint.js';
import { localTime, utcOffset } from '../../src/cli/output/time.js';
import { job, ref, status } from '../fixtures/job-fixtures.js';

const exec = (state: 'Succeeded' | 'Failed' | 'EntryLevelErrors', over: Record<string, unknown> = {}) => ({
  activityIdentifier: 'a', countEntitled: 10, countEntitledForProvisioning: 10, countEscrowed: 2, countEscrowedRaw: 2, countExported: 7, countExports: 7,
  countImported: 12, countImportedDeltas: 0, countImportedReferenceDeltas: 0, error: null, state, timeBegan: '2024-05-01T10:00:00Z', timeEnded: '2024-05-01T10:01:00Z', ...over,
});

describe('quarantine reasons explained', () => {
  it('every documented reason has a meaning and at least one action', () => {
    expect(QUARANTINE_REASONS).toHaveLength(8);
    for (const r of QUARANTINE_REASONS) {
      const x = explainQuarantine(r);
      expect(x.meaning.length).toBeGreaterThan(20);
      expect(x.actions.length).toBeGreaterThan(0);
    }
  });

  it('TooManyDeletes points at the staged deletes, force-deletes and the threshold', () => {
    const a = explainQuarantine('toomanydeletes').actions.join('\n');
    expect(a).toContain('cloudsync logs cloud --action stagedDelete');
    expect(a).toContain('cloudsync job restart --reset force-deletes');
    expect(a).toContain('cloudsync job threshold');
  });

  it('escrow thresholds: fix the failing objects, then reset escrows and quarantine', () => {
    expect(explainQuarantine('EncounteredEscrowProportionThreshold').actions.join('\n')).toMatch(/logs cloud.*\n.*\n.*restart --reset escrows,quarantine/s);
  });

  it('an unknown reason is kept and explained as unknown', () => {
    const x = explainQuarantine('SomethingNew');
    expect(x.reason).toBe('SomethingNew');
    expect(x.meaning).toContain('SomethingNew');
  });
});

describe('status view and health', () => {
  it('Active with a successful last run is ok, counts flattened', () => {
    const v = statusView(ref('contoso.com', job('AD2AADProvisioning', 'J1', { status: status({ lastExecution: exec('Succeeded', { countEscrowed: 0 }), synchronizedEntryCountByType: [{ key: 'user to User', value: 42 }] }) })));
    expect(v.health).toBe('ok');
    expect(v.lastRun).toMatchObject({ state: 'Succeeded', imported: 12, exported: 7, escrowed: 0, entitled: 10 });
    expect(v.synchronizedEntryCountByType).toEqual({ 'user to User': 42 });
    expect(v.steadyStateFirstAchievedTime).toBeNull(); // Graph's 0001-01-01 means never
    expect(v.schedule.intervalMinutes).toBe(2);
  });

  it('object-level errors are a warning, not attention (exit 4 all the same)', () => {
    const v = statusView(ref('contoso.com', job('AD2AADProvisioning', 'J1', { status: status({ lastExecution: exec('EntryLevelErrors') }) })));
    expect(v.health).toBe('warning');
    expect(v.attention).toEqual([]);
    expect(v.warnings[0]).toContain('2 escrowed');
  });

  it.each([
    ['Paused', {}],
    ['NotConfigured', {}],
    ['Active', { lastExecution: exec('Failed', { error: { code: 'X', message: 'agent unreachable', tenantActionable: true } }) }],
  ] as const)('%s (or a failed run) needs attention', (code, over) => {
    expect(statusView(ref('c.com', job('AD2AADProvisioning', 'J', { status: status({ code, ...over }) }))).health).toBe('attention');
  });

  it('a quarantine is explained with its times and error, and rendered with what to do', async () => {
    const q = { currentBegan: '2024-05-01T10:00:00Z', nextAttempt: '2024-05-01T22:00:00Z', reason: 'TooManyDeletes' as const, seriesBegan: '2024-05-01T09:00:00Z', seriesCount: 3, error: { code: 'TooManyDeletes', message: '612 deletes', tenantActionable: true } };
    const r = ref('contoso.com', job('AD2AADProvisioning', 'J1', { status: status({ code: 'Quarantine', quarantine: q }) }));
    const v = statusView(r);
    expect(v.health).toBe('attention');
    expect(v.quarantine).toMatchObject({ reason: 'TooManyDeletes', seriesCount: 3, nextAttempt: '2024-05-01T22:00:00Z', error: { message: '612 deletes' } });
    const text = renderStatus(v, { paint: await makePaint(false) });
    expect(text).toContain('Quarantine: TooManyDeletes');
    // Local time, as `logs` shows it; the offset once, on the `times` line.
    expect(text).toContain(`next attempt          ${localTime('2024-05-01T22:00:00Z')}`);
    expect(text).toContain(`times                   local, ${utcOffset()}`);
    expect(text).not.toMatch(/\d\d:\d\dZ/);
    expect(text).toContain('1. review the staged deletes');
    expect(listRow(r)).toMatchObject({ quarantined: true, quarantineReason: 'TooManyDeletes', intervalMinutes: 2, domain: 'contoso.com' });
  });
});
