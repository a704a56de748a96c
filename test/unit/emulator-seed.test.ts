import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createState } from '../../src/emulator/bootstrap.js';
import { readStateFile, StateSaver } from '../../src/emulator/persist.js';
import { parseSeed } from '../../src/emulator/seed.js';
import { EmulatorState } from '../../src/emulator/state.js';
import { createClientCertificate } from '../../src/emulator/tls.js';

const dir = mkdtempSync(join(tmpdir(), 'emulator-seed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('emulator seed', () => {
  it('reports the first problem with its path', () => {
    expect(() => parseSeed({ users: [{ displayName: 'x' }] })).toThrow(/^seed: users\.0\.userPrincipalName: /);
    expect(() => parseSeed({ apps: [{ clientId: 'nope' }] })).toThrow(/apps\.0\.clientId: a GUID/);
    expect(() => parseSeed({ colour: 'blue' })).toThrow(/seed: \(top level\)/);
  });

  it('builds a tenant: default app and admin, seeded apps, users, groups, role holders and deleted items', async () => {
    const cert = await createClientCertificate();
    const state = await createState({
      domains: ['contoso.com'],
      seed: parseSeed({
        tenant: { name: 'fabrikam', displayName: 'Fabrikam Ltd' },
        apps: [{ clientId: '00000000-0000-0000-0000-0000000000a1', displayName: 'sync', roles: ['User.Read.All'], certificates: [cert.certPem] }],
        users: [
          { userPrincipalName: 'ann@contoso.com', displayName: 'Ann', mail: 'ann@contoso.com', onPremisesSyncEnabled: true, password: 'Ann-Pa55word' },
          { userPrincipalName: 'old@contoso.com', displayName: 'Old', deleted: true },
        ],
        groups: [
          { displayName: 'Staff', members: ['ann@contoso.com'] },
          { displayName: 'All', members: ['Staff', '00000000-0000-0000-0000-0000000000a1'] },
        ],
        roleAssignments: [{ role: 'User Administrator', principal: 'ann@contoso.com' }, { role: 'directory readers', principal: '00000000-0000-0000-0000-0000000000a1' }],
      }),
    });
    expect(state.initialDomain).toBe('fabrikam.onmicrosoft.com');
    expect(state.tenant.displayName).toBe('Fabrikam Ltd');
    expect(state.isVerifiedDomain('contoso.com')).toBe(true);
    const admin = state.dir.findUser('admin@fabrikam.onmicrosoft.com')!;
    expect(state.dir.checkPassword(admin.id, state.defaultApp.secrets[0]!.value)).toBe(true);
    expect(state.dir.roleTemplatesOf(admin.id)).toEqual(['62e90394-69f5-4237-9190-012177145e10']);
    const app = state.findApp('00000000-0000-0000-0000-0000000000A1')!;
    expect(app.certificates[0]).toMatchObject({ thumbprintSha1: cert.thumbprintSha1, thumbprintSha256: cert.thumbprintSha256 });
    const ann = state.dir.findUser('ann@contoso.com')!;
    expect(ann.props).toMatchObject({ accountEnabled: true, mailNickname: 'ann', proxyAddresses: ['SMTP:ann@contoso.com'], onPremisesSyncEnabled: true });
    expect(state.dir.checkPassword(ann.id, 'Ann-Pa55word')).toBe(true);
    const [staff, all] = ['Staff', 'All'].map((n) => state.dir.lookup('group', 'displayName', n)![0]!);
    expect([...staff!.members!]).toEqual([ann.id]);
    expect([...all!.members!]).toEqual([staff!.id, app.servicePrincipalId]);
    expect(state.dir.roleTemplatesOf(app.servicePrincipalId)).toEqual(['88d8e3e3-8f55-4a1e-953a-9b9898b8876b']);
    expect(state.dir.findUser('old@contoso.com')).toBeUndefined();
    expect([...state.dir.deleted.values()].map((d) => d.object.props.userPrincipalName)).toEqual(['old@contoso.com']);
  });

  it('applies Entra rules to seeded objects and names the entry that breaks them', async () => {
    await expect(createState({ seed: parseSeed({ users: [{ userPrincipalName: 'a@elsewhere.com', displayName: 'A' }] }) })).rejects.toThrow(
      'seed: users[0] (a@elsewhere.com): The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.',
    );
    await expect(
      createState({ seed: parseSeed({ users: [{ userPrincipalName: 'a@contoso.onmicrosoft.com', displayName: 'A' }, { userPrincipalName: 'b@contoso.onmicrosoft.com', displayName: 'B', proxyAddresses: ['smtp:A@contoso.onmicrosoft.com'] }] }) }),
    ).rejects.toThrow('seed: users[1] (b@contoso.onmicrosoft.com): Another object with the same value for property proxyAddresses already exists.');
    await expect(createState({ seed: parseSeed({ users: [{ userPrincipalName: 'a@contoso.onmicrosoft.com', displayName: 'A', shoeSize: 9 }] }) })).rejects.toThrow(/unknown user property 'shoeSize'/);
    await expect(createState({ seed: parseSeed({ groups: [{ displayName: 'G', members: ['nobody'] }] }) })).rejects.toThrow(/groups\[0\] \(G\): 'nobody' names no user/);
    const bare = await createState({ seed: parseSeed({ defaultAdmin: false }) });
    expect(bare.dir.count('user')).toBe(0);
  });
});

describe('emulator state file', () => {
  it('saves atomically with mode 0600 and reads back the same tenant', async () => {
    const state = await createState({});
    const path = join(dir, 'sub', 'state.json');
    const saver = new StateSaver(path, () => state.toJSON());
    state.onChange = () => saver.schedule();
    state.dir.insert('user', { userPrincipalName: 'x@contoso.onmicrosoft.com', displayName: 'X' });
    await saver.flush();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const j = (await readStateFile(path))!;
    const again = new EmulatorState(j);
    expect(again.tenant.id).toBe(state.tenant.id);
    expect(again.dir.findUser('x@contoso.onmicrosoft.com')).toBeDefined();
    expect(again.ca.certPem).toBe(state.ca.certPem);
    expect(readFileSync(path, 'utf8')).not.toContain('\n');
  });

  it('a missing file is a new state; a foreign file is refused with what to do', async () => {
    expect(await readStateFile(join(dir, 'absent.json'))).toBeUndefined();
    writeFileSync(join(dir, 'foreign.json'), '{"hello":1}');
    await expect(readStateFile(join(dir, 'foreign.json'))).rejects.toThrow(/is not a cloudsync emulator state file \(version 1\); move it away/);
    writeFileSync(join(dir, 'broken.json'), '{');
    await expect(readStateFile(join(dir, 'broken.json'))).rejects.toThrow(/is not valid JSON/);
  });
});
