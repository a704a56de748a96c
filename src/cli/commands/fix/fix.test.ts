/**
 * `cloudsync fix` in process, for what it checks before it connects: the findings CSV as Excel
 * saves it back. (Applying rows needs AD: test/integration.)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMain } from '../../../../test/support/run-main.js';

const tmp = mkdtempSync(join(tmpdir(), 'cs-fix-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const HEADER = 'DISTINGUISHEDNAME,COMMONNAME,OBJECTCLASS,ATTRIBUTE,ERROR,VALUE,UPDATE,PROPOSEDACTION,ACTION';

describe('cloudsync fix: files saved by Excel', () => {
  it('a CSV saved as ANSI (Windows-1252) is refused in one line naming the encoding to save as, exit 2', async () => {
    const file = join(tmp, 'ansi.csv');
    // "Carl Økonom" with Ø as Windows-1252's byte 0xD8.
    const row = Buffer.concat([Buffer.from('"CN=Carl '), Buffer.from([0xd8]), Buffer.from('konom,DC=contoso,DC=com",Carl,user,mail,Character,a b,ab,Edit,EDIT\r\n')]);
    writeFileSync(file, Buffer.concat([Buffer.from(`${HEADER}\r\n`), row]));
    expect(await runMain(['fix', file, '--url', 'ldaps://127.0.0.1:1'])).toEqual({
      code: 2,
      stdout: '',
      stderr: `cloudsync: error: ${file} line 2: not UTF-8 (saved as ANSI/Windows-1252?); save it as "CSV UTF-8 (Comma delimited)" in Excel, or as UTF-8 in your editor\n`,
    });
  });
});
