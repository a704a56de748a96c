/**
 * `cloudsync setup` against the emulator, in process: creates the two ownership extensions on the
 * app cloudsync signs in as (POST /applications(appId='…')/extensionProperties, microsoft-graph-docs-contrib
 * api-reference/v1.0/api/application-post-extensionproperty.md), a second run finds them, `doctor`
 * then passes its ownership check; an app without the permission is told which one to grant.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../../../../test/support/emulator.js';
import { runMain } from '../../../../test/support/run-main.js';

const READER_ID = '41111111-2222-4333-8444-555555555555';

describe('cloudsync setup (emulator)', () => {
  let emu: TestEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  it('creates the anchor and marker extensions once, then says they exist; doctor checks them', async () => {
    emu = await startTestEmulator({ domains: ['contoso.com'] });
    const hex = emu.state.defaultApp.appId.replaceAll('-', '');
    const anchor = `extension_${hex}_cloudsyncAnchor`;
    const marker = `extension_${hex}_cloudsyncManagedBy`;

    const before = await runMain(['doctor', '--no-ad', '-o', 'json'], { env: emu.env });
    const check = (out: string) => (JSON.parse(out) as { checks: Array<{ check: string; status: string; detail: string }> }).checks.find((c) => c.check === 'ownership extensions');
    expect(check(before.stdout)).toMatchObject({ status: 'warn', detail: `missing on application ${emu.state.defaultApp.appId}: ${anchor}, ${marker}` });

    // A write to the tenant: with no terminal to confirm on and no --yes, nothing is created (exit 4).
    const unconfirmed = await runMain(['setup'], { env: emu.env });
    expect(unconfirmed.code).toBe(4);
    expect(unconfirmed.stderr).toBe('warning: not sent: creating the directory extensions needs --yes (no terminal to confirm on)\n');
    expect(unconfirmed.stdout).toBe(`missing ${anchor}\nmissing ${marker}\non application ${emu.state.defaultApp.appId}: 2 missing, not created\n`);
    expect(emu.state.extensions.toJSON()).toEqual([]);

    const first = await runMain(['setup', '--yes'], { env: emu.env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe(`created ${anchor}\ncreated ${marker}\non application ${emu.state.defaultApp.appId}: 2 created\n`);

    const again = await runMain(['setup', '-o', 'json'], { env: emu.env });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ appId: emu.state.defaultApp.appId, appObjectId: expect.any(String), anchor, marker, existing: [anchor, marker], created: [], missing: [] });
    expect(emu.state.extensions.toJSON().map((d) => [d.name, d.dataType, d.targetObjects])).toEqual([
      [anchor, 'String', ['User', 'Group']],
      [marker, 'String', ['User', 'Group']],
    ]);

    const after = await runMain(['doctor', '--no-ad', '-o', 'json'], { env: emu.env });
    expect(check(after.stdout)).toMatchObject({ status: 'pass', detail: `${anchor}, ${marker} on application ${emu.state.defaultApp.appId}` });
  });

  it('an app without Application permissions is told which permission to grant', async () => {
    emu = await startTestEmulator({ seed: { apps: [{ clientId: READER_ID, displayName: 'reader', roles: ['User.Read.All'], secrets: ['reader-Secret-1'] }] } } as never);
    const r = await runMain(['setup'], { env: { ...emu.env, AZURE_CLIENT_ID: READER_ID, AZURE_CLIENT_SECRET: 'reader-Secret-1' } });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Application\.Read\.All/);
    expect(r.stdout).toBe('');
  });
});
