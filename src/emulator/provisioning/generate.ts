/**
 * Provisioning-log records for tests and benchmarks, about objects that exist in the emulator's
 * directory: target ids are real cloud users and groups, source ids come from their
 * onPremisesImmutableId (else a GUID stable per object). The records are made by
 * recordsFromJournal from synthetic journal lines, so they have exactly its shapes; a seed makes
 * the output the same every time (for the same directory and `now`).
 */
import type { JournalEvent } from '../../sync/store/journal.js';
import type { ProvisioningObjectSummary } from '../../sync/explain/provisioning-summary.js';
import type { Change } from '../../sync/types.js';
import type { DirObject } from '../directory.js';
import type { EmulatorState } from '../state.js';
import { recordsFromJournal, type CycleContext } from './from-journal.js';
import { anchorToGuid, derivedId } from './guid.js';

export interface GenerateOptions {
  count: number;
  jobId?: string;
  /** Default: one cycle per 500 records. */
  cycles?: number;
  /** Share of failed records, 0..1 (default 0.05). */
  failureRate?: number;
  seed?: number;
  /** The end of the generated period (default now); cycles run every 2 minutes before it. */
  now?: Date;
}

export const MAX_GENERATE = 1_000_000;
const CYCLE_MS = 2 * 60_000;

/** mulberry32: small, fast, good enough for test data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Base64 of a GUID's 16 bytes, as a source anchor. */
function anchorOf(o: DirObject, seed: number): string {
  const immutable = o.props.onPremisesImmutableId;
  if (typeof immutable === 'string' && anchorToGuid(immutable) !== undefined) return immutable;
  return Buffer.from(derivedId(String(seed), o.id, 'source').replace(/-/g, ''), 'hex').toString('base64');
}

const str = (v: unknown, fallback: string): string => (typeof v === 'string' && v !== '' ? v : fallback);

export function generateRecords(state: EmulatorState, opts: GenerateOptions): ProvisioningObjectSummary[] {
  const count = opts.count;
  if (!Number.isInteger(count) || count < 1 || count > MAX_GENERATE) throw new RangeError(`count must be an integer from 1 to ${MAX_GENERATE} (got ${count})`);
  const failureRate = opts.failureRate ?? 0.05;
  if (!(failureRate >= 0 && failureRate <= 1)) throw new RangeError(`failureRate must be between 0 and 1 (got ${failureRate})`);
  const cycles = opts.cycles ?? Math.max(1, Math.ceil(count / 500));
  // More cycles than records would only add empty cycles (and 1e10 of them would block the server).
  if (!Number.isInteger(cycles) || cycles < 1 || cycles > count) throw new RangeError(`cycles must be an integer from 1 to count (${count}) (got ${cycles})`);
  const seed = opts.seed ?? Math.floor(Math.random() * 2 ** 32);
  const objects = [...state.dir.iterate('user'), ...state.dir.iterate('group')];
  if (objects.length === 0) throw new RangeError('the directory holds no users or groups to write records about');
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const tenant = state.tenant.id;
  // Records about a configured job by default, so job discovery (`logs cloud --job`) finds them.
  const configured = configuredJob(state, opts.jobId);
  const jobId = configured?.jobId ?? opts.jobId ?? `AD2AADProvisioning.${tenant.replace(/-/g, '')}.${derivedId(String(seed), 'job')}`;
  const domain = configured?.domain ?? state.domains.find((d) => !d.isInitial)?.id ?? state.defaultDomain;
  const servicePrincipal = configured?.servicePrincipal ?? { id: derivedId(jobId, 'servicePrincipal'), displayName: domain };
  const end = (opts.now ?? new Date()).getTime();

  const out: ProvisioningObjectSummary[] = [];
  for (let c = 0; c < cycles; c++) {
    const n = Math.floor(((c + 1) * count) / cycles) - Math.floor((c * count) / cycles);
    if (n === 0) continue;
    const cycleStart = end - (cycles - c) * CYCLE_MS;
    const ctx: CycleContext = { tenantId: tenant, jobId, cycleId: derivedId(String(seed), jobId, String(c)), servicePrincipal, domain };
    const events: JournalEvent[] = [];
    const outOfScope = new Set<number>();
    for (let i = 0; i < n; i++) {
      const o = pick(objects);
      const kind = o.type === 'group' ? 'group' : 'user';
      const anchor = anchorOf(o, seed);
      const at = (ms: number) => new Date(cycleStart + ms).toISOString();
      const t0 = Math.floor((i / n) * (CYCLE_MS - 5000));
      const took = 50 + Math.floor(rand() * 3000);
      const base = { runId: ctx.cycleId, op: i + 1, kind, anchor } as const;
      const r = rand();
      const upn = str(o.props.userPrincipalName, `${o.id}@${domain}`);
      const mail = str(o.props.mail, kind === 'user' ? upn : `${str(o.props.mailNickname, 'group')}@${domain}`);
      if (r < failureRate) {
        const action = rand() < 0.5 ? 'create' : 'update';
        const kindOfError = rand();
        const [property, value] = kind === 'user' ? pick([['userPrincipalName', upn], ['proxyAddresses', `smtp:${mail}`], ['mail', mail]] as const) : pick([['mail', mail], ['proxyAddresses', `smtp:${mail}`]] as const);
        const error =
          kindOfError < 0.6
            ? { httpStatus: 400, code: 'Request_BadRequest', message: `${action} of ${kind} ${upn} failed: ${property} ${value} already belongs to another object; remove it from one of them (400 Request_BadRequest)` }
            : kindOfError < 0.8 && kind === 'user'
              ? { httpStatus: 400, code: 'Request_BadRequest', message: `${action} of user ${upn} failed: the UPN ${upn} is not on a verified domain of the tenant; verify the domain or change the UPN (400 Request_BadRequest)` }
              : { httpStatus: 503, code: 'ServiceUnavailable', message: `${action} of ${kind} ${upn} failed with 503 ServiceUnavailable: Service Unavailable` };
        const changes: Change[] = [{ attribute: property, old: action === 'create' ? null : `old-${value}`, new: value }];
        const cloud = action === 'update' ? { cloudId: o.id } : {};
        events.push({ ...base, ...cloud, type: 'intent', action, changes, time: at(t0) });
        events.push({ ...base, ...cloud, type: 'result', action, changes, status: 'failed', httpStatus: error.httpStatus, requestId: derivedId(String(seed), String(c), String(i), 'request'), error: { code: error.code, message: error.message }, time: at(t0 + took) });
      } else if (r < failureRate + 0.1) {
        // Out of scope: Entra writes a Skipped entry with the source id only.
        outOfScope.add(i + 1);
        events.push({ ...base, type: 'planned', action: 'update', time: at(t0) });
      } else {
        const s = rand();
        const action = s < 0.25 ? 'create' : s < 0.28 ? 'delete' : s < 0.3 ? 'disable' : 'update';
        const changes: Change[] =
          action === 'create'
            ? [
                { attribute: 'displayName', old: null, new: str(o.props.displayName, upn) },
                ...(kind === 'user' ? [{ attribute: 'userPrincipalName', old: null, new: upn }] : [{ attribute: 'mailNickname', old: null, new: str(o.props.mailNickname, 'group') }]),
              ]
            : action === 'update'
              ? [pick([{ attribute: 'department', old: 'Sales', new: 'Marketing' }, { attribute: 'jobTitle', old: null, new: 'Engineer' }, { attribute: 'displayName', old: `${str(o.props.displayName, upn)} (old)`, new: str(o.props.displayName, upn) }])]
              : action === 'disable'
                ? [{ attribute: 'accountEnabled', old: true, new: false }]
                : [];
        const cloud = { cloudId: o.id };
        const withChanges = changes.length > 0 ? { changes } : {};
        if (action !== 'create') events.push({ ...base, ...cloud, ...withChanges, type: 'intent', action, time: at(t0) });
        else events.push({ ...base, ...withChanges, type: 'intent', action, time: at(t0) });
        events.push({ ...base, ...cloud, ...withChanges, type: 'result', action, status: 'success', httpStatus: action === 'create' ? 201 : 204, time: at(t0 + took) });
        if (kind === 'group' && action === 'update' && rand() < 0.3) {
          const member = pick(objects);
          events.push({ ...base, ...cloud, op: n + i + 1, type: 'result', action: 'add-member', member: { kind: member.type === 'group' ? 'group' : 'user', cloudId: member.id }, status: 'success', httpStatus: 204, time: at(t0 + took) });
        }
      }
    }
    // Ops of one object repeat within a cycle when the directory is small: one journal per record.
    const perRecord = new Map<number, JournalEvent[]>();
    for (const e of events) {
      if (!('op' in e)) continue;
      const k = e.op > n ? e.op - n : e.op;
      perRecord.set(k, [...(perRecord.get(k) ?? []), e]);
    }
    for (const [k, evs] of perRecord) {
      const rec = recordsFromJournal(evs, ctx)[0]!;
      rec.id = derivedId(String(seed), jobId, String(c), String(k), 'id');
      rec.changeId = derivedId(String(seed), jobId, String(c), String(k), 'change');
      if (outOfScope.has(k)) outOfScopeEntry(rec);
      out.push(rec);
    }
  }
  return out;
}

/**
 * The configured cloud sync job the records are about: the one named by `jobId` (any case), or
 * without one the first configuration's provisioning job.
 */
function configuredJob(state: EmulatorState, jobId: string | undefined): { jobId: string; domain: string; servicePrincipal: { id: string; displayName: string } } | undefined {
  for (const config of state.syncService.configurations) {
    const job = jobId === undefined ? config.jobs.find((j) => j.templateId === 'AD2AADProvisioning') : config.jobs.find((j) => j.id.toLowerCase() === jobId.toLowerCase());
    if (job) return { jobId: job.id, domain: config.domain, servicePrincipal: { id: config.servicePrincipalId, displayName: config.domain } };
    if (jobId === undefined) return undefined;
  }
  return undefined;
}

/** A Skipped entry for an object outside the configuration's scope: only the source side is known. */
function outOfScopeEntry(rec: ProvisioningObjectSummary): void {
  const type = rec.sourceIdentity.identityType;
  rec.provisioningAction = 'other';
  rec.provisioningStatusInfo = { status: 'skipped', errorInformation: null };
  rec.modifiedProperties = [];
  rec.targetIdentity = { id: '', displayName: '', identityType: type, details: {} };
  rec.durationInMilliseconds = 0;
  rec.provisioningSteps = [
    rec.provisioningSteps[0]!,
    { name: 'EntrySynchronizationScoping', provisioningStepType: 'scoping', status: 'skipped', description: `${type} '${rec.sourceIdentity.id}' is not in scope: it is outside the configured OUs or groups (NotEffectivelyEntitled)`, details: { SkipReason: 'NotEffectivelyEntitled' } },
    { name: 'EntrySynchronizationSkip', provisioningStepType: 'export', status: 'skipped', description: `${type} '${rec.sourceIdentity.id}' was skipped`, details: {} },
  ];
}
