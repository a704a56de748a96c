/**
 * The removals guard through the CLI: `cloudsync sync --from FILE.ldif` against the emulator.
 * A source that lost 30% of its users (not half: the shrink guard lets it through) stops with
 * the guard's own name and exit 5; --force-deletes passes it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { runMain } from '../support/run-main.js';
import { ldifOu, ldifText, ldifUser } from './ldif-fixtures.js';
import { stateDir, syncEnv } from './sync-support.js';

const OU = 'OU=Staff,DC=contoso,DC=com';

function ldif(users: number[]): string {
  return ldifText([ldifOu(OU, 'Staff'), ...users.map((i) => ldifUser(OU, `user${String(i).padStart(2, '0')}`, `user${String(i).padStart(2, '0')}`, i))]);
}

describe('the removals guard through the CLI', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ domains: ['contoso.com'], throttle: { enabled: false } });
  });
  afterAll(async () => {
    await emu?.close();
  });

  it('stops a run that would delete 30% of the managed users (exit 5), and --force-deletes passes it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cs-rg-')), 'export.ldif');
    const env = syncEnv(emu, stateDir(), false);
    const all = Array.from({ length: 40 }, (_, i) => i + 1);
    writeFileSync(file, ldif(all));
    const first = await runMain(['sync', '--from', file, '--ou', OU, '--apply'], { env });
    expect(first.code, first.stderr).toBe(0);

    writeFileSync(file, ldif(all.slice(12)));
    const blocked = await runMain(['sync', '--from', file, '--ou', OU, '--apply'], { env });
    expect(blocked.code, blocked.stderr).toBe(5);
    expect(blocked.stderr).toContain('12 of 40 managed users would be deleted (30%): more than 20% (and more than 10) in one run, so nothing was applied');
    expect(blocked.stderr).toContain('--force-deletes');
    expect([...emu.state.dir.iterate('user')].filter((u) => String(u.props.userPrincipalName).startsWith('user'))).toHaveLength(40);

    const forced = await runMain(['sync', '--from', file, '--ou', OU, '--apply', '--force-deletes'], { env });
    expect(forced.code, forced.stderr).toBe(0);
    expect([...emu.state.dir.iterate('user')].filter((u) => String(u.props.userPrincipalName).startsWith('user'))).toHaveLength(28);
  }, 120_000);
});
