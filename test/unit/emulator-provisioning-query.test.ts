import { describe, expect, it } from 'vitest';
import { GraphError } from '../../src/emulator/graph/errors.js';
import { parseFilter } from '../../src/emulator/graph/filter-parse.js';
import { decodeCursor, encodeCursor, orderOf, page, provisioningFilter } from '../../src/emulator/provisioning/query.js';
import { ProvisioningLogStore } from '../../src/emulator/provisioning/store.js';
import { AppWindowThrottle as ReportsThrottle } from '../../src/emulator/app-window-throttle.js';
import type { ProvisioningObjectSummary } from '../../src/sync/explain/provisioning-summary.js';

function rec(i: number, over: Partial<ProvisioningObjectSummary> = {}): ProvisioningObjectSummary {
  return {
    id: `id-${i}`,
    activityDateTime: new Date(Date.UTC(2026, 2, 1, 10, 0, i)).toISOString(),
    changeId: `change-${i}`,
    cycleId: `cycle-${i % 3}`,
    jobId: i % 2 === 0 ? 'AD2AADProvisioning.even' : 'AD2AADProvisioning.odd',
    durationInMilliseconds: i * 10,
    initiatedBy: { id: '', displayName: 'Azure AD Provisioning Service', initiatorType: 'system' },
    modifiedProperties: [],
    provisioningAction: 'update',
    provisioningStatusInfo: { status: i % 5 === 0 ? 'failure' : 'success', errorInformation: null },
    provisioningSteps: [],
    servicePrincipal: { id: 'SP-Id-1', displayName: 'Contoso.com' },
    sourceIdentity: { id: `6e921c8f-5ba4-4c2d-8a1e-${String(i).padStart(12, '0')}`, displayName: '', identityType: 'User', details: {} },
    targetIdentity: { id: `target-${i}`, displayName: i === 7 ? 'Adele Vance' : '', identityType: 'User', details: {} },
    sourceSystem: { id: '', displayName: 'Active Directory', details: {} },
    targetSystem: { id: '', displayName: 'Entra ID', details: {} },
    tenantId: 'tenant',
    ...over,
  };
}

const RECORDS = Array.from({ length: 30 }, (_, i) => rec(i));
const ids = (f: string): string[] => RECORDS.filter(provisioningFilter(f)).map((r) => r.id);
const rejects = (f: string): GraphError => {
  try {
    provisioningFilter(f);
  } catch (e) {
    return e as GraphError;
  }
  throw new Error(`expected ${f} to be refused`);
};

describe('$filter on the provisioning logs', () => {
  it('takes eq on ids and nested properties, and/or, and date-time ranges', () => {
    expect(ids("jobId eq 'AD2AADProvisioning.odd' and cycleId eq 'cycle-1'")).toEqual(['id-1', 'id-7', 'id-13', 'id-19', 'id-25']);
    expect(ids("provisioningStatusInfo/status eq 'failure'")).toEqual(['id-0', 'id-5', 'id-10', 'id-15', 'id-20', 'id-25']);
    expect(ids("changeId eq 'change-3' or targetIdentity/id eq 'target-4'")).toEqual(['id-3', 'id-4']);
    expect(ids('activityDateTime gt 2026-03-01T10:00:26.999Z')).toEqual(['id-27', 'id-28', 'id-29']);
    expect(ids('activityDateTime gt 2026-03-01T10:00:27Z and activityDateTime lt 2026-03-01T10:00:29.000Z')).toEqual(['id-28']);
    expect(ids('2026-03-01T10:00:03Z gt activityDateTime')).toEqual(['id-0', 'id-1', 'id-2']);
    expect(ids('durationInMilliseconds gt 270')).toEqual(['id-28', 'id-29']);
    expect(ids("servicePrincipal/id eq 'SP-Id-1' and sourceIdentity/id eq '6e921c8f-5ba4-4c2d-8a1e-000000000012'")).toEqual(['id-12']);
    // The documented table writes some names in lower case.
    expect(ids("jobid eq 'AD2AADProvisioning.even' and cycleid eq 'cycle-0' and durationInMilliseconds lt 61")).toEqual(['id-0', 'id-6']);
    expect(ids("provisioningStatusInfo/status eq microsoft.graph.provisioningResult'failure' and id eq 'id-5'")).toEqual(['id-5']);
  });

  it('is case-sensitive, as Graph is; tolower() is how a client asks otherwise', () => {
    expect(ids("targetIdentity/displayName eq 'Adele Vance'")).toEqual(['id-7']);
    expect(ids("targetIdentity/displayName eq 'adele vance'")).toEqual([]);
    expect(ids("contains(targetIdentity/displayName, 'Vance')")).toEqual(['id-7']);
    expect(ids("contains(targetIdentity/displayName, 'vance')")).toEqual([]);
    expect(ids("servicePrincipal/displayName eq 'contoso.com'")).toEqual([]);
    expect(ids("contains(tolower(servicePrincipal/id), 'sp-id') and id eq 'id-3'")).toEqual(['id-3']);
    expect(ids("contains(sourceIdentity/id, '00000000002')")).toEqual(['id-2', 'id-20', 'id-21', 'id-22', 'id-23', 'id-24', 'id-25', 'id-26', 'id-27', 'id-28', 'id-29']);
  });

  it('refuses what the API does not support with a 400', () => {
    for (const f of ["jobId ne 'x'", "not (jobId eq 'x')", "startswith(jobId, 'AD')", "jobId in ('a', 'b')", "jobId gt 'a'", "contains(activityDateTime, '2026')", "modifiedProperties/any(p:p/displayName eq 'mail')", "jobId eq 'x' and", 'activityDateTime ge 2026-03-01T10:00:27Z', 'durationInMilliseconds le 60']) {
      const e = rejects(f);
      expect(e.status, f).toBe(400);
    }
    expect(rejects("userPrincipalName eq 'x'").message).toBe("Could not find a property named 'userPrincipalName' on type 'microsoft.graph.provisioningObjectSummary'.");
    expect(rejects("jobId ne 'x'").message).toMatch(/'ne' on 'jobId' is not supported by \/auditLogs\/provisioning/);
    expect(rejects('activityDateTime gt yesterday').status).toBe(400);
  });

  it('leaves directory filters as they were: contains() is still refused there', () => {
    expect(() => parseFilter("contains(displayName, 'a')")).toThrow(/Unsupported or invalid query filter clause/);
    expect(() => parseFilter("tolower(displayName) eq 'a'")).toThrow(/Invalid filter clause/);
  });

  it('orders by activityDateTime only', () => {
    expect(orderOf(undefined)).toBe('desc');
    expect(orderOf('activityDateTime asc')).toBe('asc');
    expect(orderOf('activityDateTime desc')).toBe('desc');
    expect(() => orderOf('jobId')).toThrow(/activityDateTime/);
  });
});

describe('the store and its pages', () => {
  it('pages newest first through every record exactly once, also when records arrive between pages', () => {
    const store = new ProvisioningLogStore();
    // Out of time order on purpose.
    store.add([...RECORDS].reverse().filter((_, i) => i % 2 === 0));
    store.add(RECORDS.filter((_, i) => i % 2 === 0));
    expect(store.size).toBe(30);
    const seen: string[] = [];
    let after;
    for (let n = 0; n < 20; n++) {
      const p = page(store.all(), { dir: 'desc', top: 7, ...(after ? { after } : {}) });
      seen.push(...p.items.map((e) => e.record.id));
      if (n === 0) store.add([rec(100)]); // a newer record does not shift the pages already served
      if (!p.next) break;
      after = decodeCursor(encodeCursor(p.next));
    }
    expect(seen).toEqual(RECORDS.map((r) => r.id).reverse());
    const asc = page(store.all(), { dir: 'asc', top: 3, match: provisioningFilter("jobId eq 'AD2AADProvisioning.odd'") });
    expect(asc.items.map((e) => e.record.id)).toEqual(['id-1', 'id-3', 'id-5']);
    expect(() => decodeCursor('bm9wZQ')).toThrow(/skiptoken/);
  });

  it('keeps the newest N, replaces a record sent again, and survives JSON', () => {
    const store = new ProvisioningLogStore({ maxRecords: 10 });
    store.add(RECORDS);
    expect(store.size).toBe(10);
    expect(store.newestFirst()[0]!.id).toBe('id-29');
    expect(store.get('id-19')).toBeUndefined();
    store.add([rec(25, { provisioningAction: 'delete' })]);
    expect(store.size).toBe(10);
    expect(store.get('id-25')!.provisioningAction).toBe('delete');
    const again = ProvisioningLogStore.fromJSON(JSON.parse(JSON.stringify(store.toJSON())));
    expect(again.newestFirst().map((r) => r.id)).toEqual(store.newestFirst().map((r) => r.id));
    expect(again.maxRecords).toBe(10);
    again.setMaxRecords(3);
    expect(again.newestFirst().map((r) => r.id)).toEqual(['id-29', 'id-28', 'id-27']);
  });
});

describe('the reports throttle', () => {
  it('admits 5 requests per 10 s per app, with Retry-After in whole seconds; the scale shortens the window', () => {
    const t = new ReportsThrottle();
    const now = 1_000_000;
    for (let i = 0; i < 5; i++) expect(t.check('app', 'tenant', now)).toBe(0);
    expect(t.check('app', 'tenant', now)).toBe(2);
    expect(t.check('other-app', 'tenant', now)).toBe(0);
    expect(t.check('app', 'tenant', now + 2000)).toBe(0);
    const fast = new ReportsThrottle({ scale: 10 });
    for (let i = 0; i < 5; i++) fast.check('app', 'tenant', now);
    expect(fast.check('app', 'tenant', now)).toBe(1);
    expect(fast.check('app', 'tenant', now + 200)).toBe(0);
    expect(new ReportsThrottle({ enabled: false }).check('app', 'tenant', now)).toBe(0);
  });
});
