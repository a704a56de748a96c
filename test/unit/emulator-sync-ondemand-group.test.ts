/**
 * A group's provisionOnDemand with named members, piece by piece: which named DNs are members,
 * how the member operations join the group's plan, and how failures and membership-only changes
 * show in the answer and the log record.
 */
import { describe, expect, it } from 'vitest';
import type { ApplyResult, OperationResult } from '../../src/sync/apply/apply.js';
import { toProvisioningObjectSummary } from '../../src/sync/explain/provisioning-summary.js';
import type { TestUserOptions, TestUserResult } from '../../src/sync/explain/test-user.js';
import type { Operation } from '../../src/sync/types.js';
import { testUserParts } from '../../src/emulator/sync-service/on-demand-answer.js';
import { memberOutcomes, withMembersAnswer, withMembersRecord } from '../../src/emulator/sync-service/on-demand-group.js';
import { combineOperations, directMembers, planNamedMembers, type NamedMember } from '../../src/emulator/sync-service/on-demand-members.js';

const GROUP = 'CN=Pilot,OU=Pod,DC=contoso,DC=com';
const ANN = 'CN=Ann,OU=Pod,DC=contoso,DC=com';
const BEN = 'CN=Ben,OU=Pod,DC=contoso,DC=com';

function result(dn: string, o: { kind?: 'user' | 'group'; inScope?: boolean; cloudId?: string; action?: 'create' | 'update' | 'none'; ops?: Operation[]; member?: string[] } = {}): TestUserResult {
  const kind = o.kind ?? 'user';
  const ops = o.ops ?? [];
  return {
    dn,
    time: '2026-11-25T09:00:00.000Z',
    steps: {
      import: { kind, objectClass: [kind], attributes: { cn: ['x'], ...(o.member ? { member: o.member } : {}) }, anchor: `anchor-${dn}`, anchorSource: 'objectGUID' },
      scope: o.inScope === false ? { inScope: false, rule: 'scope.ou', reason: 'not under any OU in scope' } : { inScope: true, rule: 'scope.ou', reason: 'under the OU' },
      validation: { findings: [] },
      ...(o.inScope === false ? {} : { match: { how: o.cloudId ? 'hard' : 'none', ...(o.cloudId ? { cloudId: o.cloudId } : {}), reason: 'test' } as never }),
      flow: [],
      action: { action: o.action ?? 'none', operations: ops, reason: o.action === undefined || o.action === 'none' ? 'Entra already holds every mapped value' : 'test' },
    },
    plan: { operations: ops, counts: { total: ops.length }, bindings: [] } as never,
    warnings: [],
  };
}

const op = (dn: string, action: 'create' | 'update', kind: 'user' | 'group' = 'user'): Operation => ({ seq: 1, action, kind, dn, anchor: `anchor-${dn}`, ...(action === 'update' ? { cloudId: `id-${dn}` } : {}), properties: {} }) as unknown as Operation;

const applied = (results: OperationResult[]): ApplyResult => ({ outcome: 'success', counts: { succeeded: results.length, failed: 0, skipped: 0, notRun: 0 }, results, state: { managed: new Map() } });

/** A target that must not be used: the paths under test decide without Entra. */
const noTarget = { pages: () => { throw new Error('Entra was read'); }, domains: () => { throw new Error('Entra was read'); } } as unknown as TestUserOptions['target'];

describe('provisionOnDemand of a group: the named members', () => {
  it('compares member DNs as DNs (case and spacing do not matter)', () => {
    const g = result(GROUP, { kind: 'group', member: ['CN=Ann,OU=Pod,DC=contoso,DC=com'] });
    expect(directMembers(g).has('cn=ann,ou=pod,dc=contoso,dc=com')).toBe(true);
    expect(directMembers(g).size).toBe(1);
  });

  it('a named DN that is not a member is skipped without reading it; an out-of-scope group adds nobody', async () => {
    const opts = { source: {}, scope: {}, mapping: {}, target: noTarget } as unknown as TestUserOptions;
    const g = result(GROUP, { kind: 'group', cloudId: 'g1', member: [ANN] });
    const [m] = await planNamedMembers(g, ['cn=Ben, ou=Pod, dc=contoso, dc=com'], opts);
    expect(m).toMatchObject({ membership: 'skipped' });
    expect(m!.reason).toContain(`not a member of the group '${GROUP}' in Active Directory`);
    const out = await planNamedMembers(result(GROUP, { kind: 'group', inScope: false, member: [ANN] }), [ANN], opts);
    expect(out).toEqual([{ dn: ANN, membership: 'skipped', reason: 'not added: the group is not in scope (not under any OU in scope)' }]);
  });

  it('the group, the members and the adds form one plan, numbered in that order; skipped members add nothing', () => {
    const g = result(GROUP, { kind: 'group', action: 'create', ops: [op(GROUP, 'create', 'group')] });
    const members: NamedMember[] = [
      { dn: ANN, membership: 'add', reason: 'added', result: result(ANN, { action: 'create', ops: [op(ANN, 'create')] }), add: { kind: 'group', action: 'add-member', anchor: `anchor-${GROUP}`, member: { kind: 'user', anchor: `anchor-${ANN}` } } },
      { dn: BEN, membership: 'skipped', reason: 'out of scope', result: result(BEN, { inScope: false, ops: [op(BEN, 'update')] }) },
    ];
    const { operations, owners } = combineOperations(g, members);
    expect(operations.map((o) => `${o.seq} ${o.action} ${o.dn ?? ''}`)).toEqual([`1 create ${GROUP}`, `2 create ${ANN}`, '3 add-member ']);
    expect([...owners.values()]).toEqual([{ of: 'group' }, { of: 'member', index: 0 }, { of: 'membership', index: 0 }]);
  });

  it('a member whose create failed is not added and the answer is a Failure naming it', () => {
    const g = result(GROUP, { kind: 'group', cloudId: 'g1' });
    const members: NamedMember[] = [{ dn: ANN, membership: 'add', reason: 'added', result: result(ANN, { action: 'create', ops: [op(ANN, 'create')] }), add: { kind: 'group', action: 'add-member', cloudId: 'g1', member: { kind: 'user', anchor: `anchor-${ANN}` } } }];
    const { owners } = combineOperations(g, members);
    const a = applied([
      { seq: 1, action: 'create', status: 'failed', httpStatus: 400, error: { code: 'Request_BadRequest', message: 'Another object with the same value for property userPrincipalName already exists.' } as never },
      { seq: 2, action: 'add-member', status: 'skipped', note: 'not sent: the member ann was not created' },
    ]);
    const out = memberOutcomes(members, a, owners);
    expect(out[0]).toMatchObject({ status: 'Failure', added: false, membership: 'Failed' });
    expect(out[0]!.description).toContain('userPrincipalName already exists');
    const { key, value } = withMembersAnswer(testUserParts(g, undefined, new Date()), g, out);
    expect(key.result).toBe('Failure');
    expect(value.statusInfo).toMatchObject({ status: 'Failure', errorCode: 'MemberProvisioningFailed' });
    expect(value.modifiedProperties.find((p) => p.displayName === 'members')).toBeUndefined();
    expect(value.provisioningSteps.at(-1)).toMatchObject({ name: 'EntryExportUpdate', status: 'Failure' });
    // The log record's errorCategory is one of Graph's provisioningStatusErrorCategory values
    // (provisioningobjectsummary-list.md example 2: "nonServiceFailure").
    const rec = withMembersRecord(toProvisioningObjectSummary(g), g, out);
    expect(rec.provisioningStatusInfo.errorInformation?.errorCategory).toBe('nonServiceFailure');
    const failedCreate = toProvisioningObjectSummary(g, { applied: applied([{ seq: 1, action: 'create', status: 'failed', httpStatus: 503, error: { code: 'ServiceUnavailable', message: 'busy' } as never }]) });
    expect(['failure', 'nonServiceFailure', 'success']).toContain(failedCreate.provisioningStatusInfo.errorInformation?.errorCategory);
  });

  it('an unchanged group that gains a member: Success, Update, the add in the export step, the members property and the record', () => {
    const g = result(GROUP, { kind: 'group', cloudId: 'g1' });
    const members: NamedMember[] = [
      { dn: ANN, membership: 'add', reason: 'a direct member in Active Directory: added', cloudId: 'u1', result: result(ANN, { cloudId: 'u1' }), add: { kind: 'group', action: 'add-member', cloudId: 'g1', member: { kind: 'user', cloudId: 'u1' } } },
      { dn: BEN, membership: 'present', reason: 'already a member of the group in Entra ID', cloudId: 'u2', result: result(BEN, { cloudId: 'u2' }) },
    ];
    const { owners } = combineOperations(g, members);
    const a = applied([{ seq: 1, action: 'add-member', status: 'success', httpStatus: 204 }]);
    const out = memberOutcomes(members, a, owners);
    expect(out.map((o) => [o.status, o.membership])).toEqual([
      ['Success', 'Added'],
      ['Skipped', 'AlreadyMember'],
    ]);
    const { key, value } = withMembersAnswer(testUserParts(g, undefined, new Date()), g, out);
    expect(key.result).toBe('Success');
    expect(value.action).toBe('Update');
    expect(value.provisioningSteps.map((s) => s.name)).toEqual(['EntryImport', 'EntrySynchronizationScoping', 'EntryImport', 'EntryReferenceResolution', 'EntryReferenceResolution', 'EntryExportUpdate']);
    expect(value.provisioningSteps.at(-1)).toMatchObject({ status: 'Success', details: { MembersAdded: 'u1' } });
    expect(value.modifiedProperties).toEqual([{ displayName: 'members', oldValue: null, newValue: 'u1' }]);
    const rec = withMembersRecord(toProvisioningObjectSummary(g), g, out);
    expect(rec).toMatchObject({ provisioningAction: 'update', provisioningStatusInfo: { status: 'success' }, modifiedProperties: [{ displayName: 'members', newValue: 'u1' }] });
    expect(rec.provisioningSteps.filter((s) => s.provisioningStepType === 'referenceResolution').map((s) => s.details.Membership)).toEqual(['Added', 'AlreadyMember']);
    expect(rec.provisioningSteps.at(-1)).toMatchObject({ name: 'EntryExportUpdate', status: 'success' });
  });

  it('nothing to do: the group answer stays Skipped with RedundantExport', () => {
    const g = result(GROUP, { kind: 'group', cloudId: 'g1' });
    const members: NamedMember[] = [{ dn: ANN, membership: 'present', reason: 'already a member of the group in Entra ID', cloudId: 'u1', result: result(ANN, { cloudId: 'u1' }) }];
    const out = memberOutcomes(members, undefined, new Map());
    const { key, value } = withMembersAnswer(testUserParts(g, undefined, new Date()), g, out);
    expect(key.result).toBe('Skipped');
    expect(value.provisioningSteps.at(-1)).toMatchObject({ name: 'EntrySynchronizationSkip', details: { SkipReason: 'RedundantExport' } });
    expect(withMembersRecord(toProvisioningObjectSummary(g), g, out).provisioningStatusInfo.status).toBe('skipped');
  });
});
