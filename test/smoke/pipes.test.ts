/**
 * The built CLI in a pipeline whose reader goes away (`cloudsync validate … | head -1`): the
 * EPIPE on stdout ends the process quietly with exit 0 — no stack trace on stderr.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { BIN, REPO } from '../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'cloudsync-pipes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Enough users with findings that the CSV is far larger than a pipe's buffer. */
function bigLdif(users: number): string {
  const entries = ['version: 1', ''];
  for (let i = 0; i < users; i++) {
    entries.push(
      `dn: CN=User ${i},OU=Sales,DC=contoso,DC=com`,
      'changetype: add',
      'objectClass: user',
      `cn: User ${i}`,
      `sAMAccountName: user${i}`,
      `userPrincipalName: user ${i}@contoso.com`,
      `mail: user ${i}@contoso.com`,
      `displayName: User ${i}`,
      '',
    );
  }
  return entries.join('\n');
}

it('validate | head: the reader going away ends the CLI quietly with exit 0', async () => {
  const ldif = join(dir, 'big.ldif');
  writeFileSync(ldif, bigLdif(4000));
  const child = spawn(process.execPath, [BIN, 'validate', '--from', ldif, '-o', 'csv'], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  const first = await new Promise<string>((resolve) => child.stdout.once('data', (b: Buffer) => resolve(b.toString('utf8'))));
  child.stdout.destroy(); // like `head -1` after its line
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  expect(first).toMatch(/^\uFEFF?[A-Za-z"]/);
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
});
