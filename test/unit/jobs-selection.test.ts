import { describe, expect, it } from 'vitest';
import { selectJob, type CloudSyncJobRef } from '../../src/cloud-sync/discovery.js';
import { job, ref } from '../fixtures/job-fixtures.js';

const P1 = 'AD2AADProvisioning.aaaa1111aaaa1111aaaa1111aaaa1111.11111111-1111-1111-1111-111111111111';
const H1 = 'AD2AADPasswordHash.aaaa1111aaaa1111aaaa1111aaaa1111.22222222-2222-2222-2222-222222222222';
const P2 = 'AD2AADProvisioning.bbbb2222bbbb2222bbbb2222bbbb2222.33333333-3333-3333-3333-333333333333';

const contoso = [ref('contoso.com', job('AD2AADProvisioning', P1)), ref('contoso.com', job('AD2AADPasswordHash', H1))];
const both: CloudSyncJobRef[] = [...contoso, ref('fabrikam.com', job('AD2AADProvisioning', P2))];

describe('choosing a job', () => {
  it('without --job: the only provisioning job, even next to a password hash job', () => {
    expect(selectJob(contoso, undefined).job.id).toBe(P1);
  });

  it('without --job and two provisioning jobs: a usage error listing them', () => {
    expect(() => selectJob(both, undefined)).toThrow(/several cloud sync jobs: name one with --job \(contoso\.com\/AD2AADProvisioning/);
  });

  it('by domain (its provisioning job), domain/template, full id and unique prefix, case-insensitive', () => {
    expect(selectJob(both, 'FABRIKAM.com').job.id).toBe(P2);
    expect(selectJob(both, 'contoso.com/AD2AADPasswordHash').job.id).toBe(H1);
    expect(selectJob(both, P2.toLowerCase()).job.id).toBe(P2);
    expect(selectJob(both, 'AD2AADProvisioning.bbbb').job.id).toBe(P2);
  });

  it('an ambiguous prefix names every candidate', () => {
    expect(() => selectJob(both, 'AD2AADProvisioning.')).toThrow(/names several jobs: .*contoso\.com.*fabrikam\.com/);
  });

  it('an unknown reference is not-found and lists the jobs', () => {
    try {
      selectJob(both, 'northwind.com');
      expect.unreachable();
    } catch (e) {
      expect((e as { kind: string }).kind).toBe('not-found');
      expect((e as Error).message).toContain(P2);
    }
  });

  it('no configuration at all says so', () => {
    expect(() => selectJob([], undefined)).toThrow(/no cloud sync configuration/);
  });
});
