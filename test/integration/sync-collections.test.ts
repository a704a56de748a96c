/**
 * Collection-valued properties over the wire: `cloudsync sync --from FILE.ldif` against the
 * emulator, which refuses null for a collection as Graph does (businessPhones is
 * Collection(Edm.String), Nullable="false" in Graph's v1.0 metadata; microsoft-graph-docs-contrib
 * api-reference/v1.0/resources/user.md: "businessPhones | String collection | … only one number
 * can be set for this property"). A phone removed in AD is cleared with [] and the next run has
 * nothing to do.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { ldifOu, ldifText, ldifUser } from './ldif-fixtures.js';
import { stateDir, syncEnv, syncJson } from './sync-support.js';

const OU = 'OU=Sales,DC=contoso,DC=com';

function ldif(phone: string | undefined): string {
  return ldifText([ldifOu(OU, 'Sales'), ldifUser(OU, 'Adele Vance', 'adelev', 1, ['displayName: Adele Vance', ...(phone !== undefined ? [`telephoneNumber: ${phone}`] : [])])]);
}

describe('collections over the wire', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ domains: ['contoso.com'], throttle: { enabled: false } });
  });
  afterAll(async () => {
    await emu?.close();
  });

  it('clears a phone removed in AD with [] and converges', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cs-coll-'));
    const file = join(dir, 'export.ldif');
    const env = syncEnv(emu, stateDir(), false);
    writeFileSync(file, ldif('+1 555 0101'));
    const first = await syncJson(['--from', file, '--ou', OU, '--apply'], env);
    expect(first.code, first.stderr).toBe(0);
    const adele = () => [...emu.state.dir.iterate('user')].find((u) => u.props.userPrincipalName === 'adelev@contoso.com')!;
    expect(adele().props.businessPhones).toEqual(['+1 555 0101']);

    writeFileSync(file, ldif(undefined));
    const second = await syncJson(['--from', file, '--ou', OU, '--apply'], env);
    expect(second.code, second.stderr).toBe(0);
    expect(adele().props.businessPhones).toEqual([]);

    const third = await syncJson(['--from', file, '--ou', OU], env);
    expect(third.code, third.stderr).toBe(0);
    expect(third.json.plan.operations).toEqual([]);
  }, 120_000);
});
