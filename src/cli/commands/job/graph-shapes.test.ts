/**
 * The emulator's cloud sync answers in the shapes Microsoft documents, read through the commands:
 * a service principal whose applicationTemplateId is null (entra-docs
 * cloud-sync/concept-attributes.md), rule metadata as {key, value} (stringKeyStringValuePair),
 * no createdDateTime on service principals (Graph's metadata has none), and provisionOnDemand's
 * systems as objects with a flat statusInfo (microsoft-graph-docs-contrib
 * api-reference/beta/api/synchronization-synchronizationjob-provisionondemand.md, examples 1
 * and 2; test/fixtures/graph-docs/).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../../../../test/support/emulator.js';
import { REPO, runMain } from '../../../../test/support/run-main.js';

const LDIF = join(REPO, 'examples/contoso.ldif');
const ADELE = 'CN=Adele Vance,OU=Sales,DC=contoso,DC=com';
const TEMPLATE = '1a4721b3-e57f-4451-ae87-ef078703ec94';

const documented = JSON.parse(readFileSync(join(REPO, 'test/fixtures/graph-docs/provisionondemand-example1.json'), 'utf8')) as { response: { value: string } };
const documentedValue = JSON.parse(documented.response.value) as { statusInfo: Record<string, unknown>; sourceSystem: Record<string, unknown> };

describe("the emulator's cloud sync in Graph's documented shapes", () => {
  let emu: TestEmulator;
  const cli = (...args: string[]) => runMain(['job', ...args], { env: emu.env });
  const get = async <T>(path: string): Promise<T> => (await emu.request(path, { headers: { authorization: `Bearer ${await emu.token()}` } })).json as T;

  beforeAll(async () => {
    emu = await startTestEmulator({
      domains: ['contoso.com'],
      throttle: { enabled: false },
      sync: { scheduler: false, source: LDIF },
      seed: { cloudSync: { configurations: [{ domain: 'contoso.com', applicationTemplateId: false }] } },
    });
  });
  afterAll(async () => {
    await emu?.close();
  });

  it('finds a service principal whose applicationTemplateId is null by its servicePrincipalNames, and --debug says so', async () => {
    const r = await cli('list', '--debug');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/contoso\.com.*AD2AADProvisioning/);
    expect(r.stderr).toMatch(/debug: cloud sync service principals by applicationTemplateId .*: none new/);
    expect(r.stderr).toMatch(/debug: cloud sync service principals by servicePrincipalNames .*: contoso\.com \(/);
  });

  it('service principals: applicationTemplateId null, the template among servicePrincipalNames, no createdDateTime', async () => {
    const list = await get<{ value: Array<Record<string, unknown>> }>(`/beta/servicePrincipals?$filter=${encodeURIComponent(`servicePrincipalNames/any(n:n eq '${TEMPLATE}')`)}`);
    expect(list.value).toHaveLength(1);
    const sp = list.value[0]!;
    expect(sp.applicationTemplateId).toBeNull();
    expect(sp.servicePrincipalNames).toContain(TEMPLATE);
    expect(Object.keys(sp)).not.toContain('createdDateTime');
    const all = await get<{ value: Array<Record<string, unknown>> }>('/v1.0/servicePrincipals');
    for (const x of all.value) expect(Object.keys(x)).not.toContain('createdDateTime');
  });

  it('rule metadata is {key, value}', async () => {
    const r = await cli('schema', '-o', 'json');
    expect(r.code, r.stderr).toBe(0);
    const schema = JSON.parse(r.stdout) as { synchronizationRules: Array<{ metadata: Array<Record<string, string>> }> };
    expect(schema.synchronizationRules[0]!.metadata).toEqual([{ key: 'Domain', value: 'contoso.com' }]);
  });

  it('provisionOnDemand: systems are objects and statusInfo is flat, as documented; the table names the systems', async () => {
    const r = await cli('provision', ADELE, '--from', LDIF, '-o', 'json');
    expect(r.code, r.stderr).toBe(0);
    const a = JSON.parse(r.stdout) as { sourceSystem: Record<string, unknown>; targetSystem: Record<string, unknown>; statusInfo: Record<string, unknown> };
    expect(Object.keys(a.sourceSystem).sort()).toEqual(Object.keys(documentedValue.sourceSystem).sort());
    expect(a.sourceSystem).toMatchObject({ name: 'Active Directory' });
    expect(a.targetSystem).toMatchObject({ name: 'Azure Active Directory' });
    expect(Object.keys(a.statusInfo).sort()).toEqual(Object.keys(documentedValue.statusInfo).sort());
    const table = await cli('provision', ADELE, '--type', 'user');
    expect(table.stdout).not.toContain('[object Object]');
    expect(table.stdout).toMatch(/Active Directory \S+ → Azure Active Directory \S+/);
  });

  it('a failed provisionOnDemand shows its error', async () => {
    const r = await cli('provision', 'CN=Nobody,OU=Sales,DC=contoso,DC=com', '--type', 'user');
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/error EntryNotFound: /);
  });
});
