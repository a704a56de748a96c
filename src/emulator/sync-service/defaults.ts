/**
 * A new cloud sync job as Graph shows it: id `AD2AADProvisioning.<32 hex>.<guid>`, schedule
 * every 2 minutes, the accidental-delete settings at their documented defaults, status NotRun.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { KeyValuePair, SynchronizationStatus } from '../../directory/entra/synchronization-types.js';
import type { Scope } from '../../directory/types.js';
import { defaultSchema } from './default-schema.js';
import type { JobRecord } from './model.js';

export const TEMPLATES = ['AD2AADProvisioning', 'AD2AADPasswordHash'] as const;

export const DEFAULT_INTERVAL = 'PT2M';

export const newJobId = (templateId: string): string => `${templateId}.${randomBytes(16).toString('hex')}.${randomUUID()}`;

export function defaultSettings(domain: string): KeyValuePair[] {
  return [
    { name: 'DeleteThresholdEnabled', value: 'true' },
    { name: 'DeleteThresholdValue', value: '500' },
    { name: 'QuarantineTooManyDeletesThreshold', value: '500' },
    { name: 'Domain', value: JSON.stringify({ domain }) },
  ];
}

export function initialStatus(): SynchronizationStatus {
  return {
    code: 'NotRun',
    countSuccessiveCompleteFailures: 0,
    escrowsPruned: false,
    lastExecution: null,
    lastSuccessfulExecution: null,
    lastSuccessfulExecutionWithExports: null,
    progress: [],
    quarantine: null,
    steadyStateFirstAchievedTime: '0001-01-01T00:00:00Z',
    steadyStateLastAchievedTime: '0001-01-01T00:00:00Z',
    synchronizedEntryCountByType: [],
    troubleshootingUrl: null,
  };
}

export function newJob(templateId: string, domain: string, scope: Scope = {}): JobRecord {
  return {
    id: newJobId(templateId),
    templateId,
    schedule: { expiration: null, interval: DEFAULT_INTERVAL, state: 'Active' },
    settings: defaultSettings(domain),
    status: initialStatus(),
    schema: defaultSchema(templateId, domain, scope),
    next: { full: true, forceDeletes: false },
    escrows: 0,
    stagedDeletes: 0,
    lastTick: new Date().toISOString(),
  };
}

/** A setting's value (case-insensitive name). */
export const setting = (job: JobRecord, name: string): string | undefined => job.settings.find((s) => s.name.toLowerCase() === name.toLowerCase())?.value;

/** The delete threshold the cycle applies: DeleteThresholdValue when DeleteThresholdEnabled, else none. */
export function deleteThreshold(job: JobRecord): number {
  if ((setting(job, 'DeleteThresholdEnabled') ?? 'true').toLowerCase() === 'false') return Number.MAX_SAFE_INTEGER;
  const n = Number(setting(job, 'DeleteThresholdValue') ?? setting(job, 'QuarantineTooManyDeletesThreshold') ?? '500');
  return Number.isInteger(n) && n >= 0 ? n : 500;
}

/** The schedule interval in milliseconds (ISO 8601 duration: PnDTnHnMnS). */
export function intervalMs(iso: string): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(iso);
  if (!m || iso.toUpperCase() === 'P' || iso.toUpperCase().endsWith('T')) return undefined;
  const [, d, h, min, s] = m;
  return (((Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 + Number(min ?? 0)) * 60 + Number(s ?? 0)) * 1000;
}
