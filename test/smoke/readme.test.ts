/**
 * The README's emulator try-it block pastes as it is: the block (the first ```sh block that
 * starts the emulator with --write-env) runs unchanged in `sh`, in a scratch directory holding
 * the repository's bin/ and examples/, with the built CLI. Each cloudsync line's exit code is
 * recorded after it; the emulator it starts in the background is stopped by the block's own
 * `kill $!` and removes its settings file on the way out.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runProcess } from '../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'cloudsync-readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The README's ```sh blocks, each as its lines. */
function shBlocks(markdown: string): string[][] {
  return [...markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]!.trimEnd().split('\n'));
}

/** The block, with a line after each cloudsync command (not the one sent to the background) printing `::rc <n> <code>`. */
function instrument(lines: string[]): { script: string; commands: string[] } {
  const commands: string[] = [];
  const out: string[] = ["trap 'kill $! 2>/dev/null' EXIT"];
  for (const line of lines) {
    out.push(line);
    if (line.startsWith('node bin/cloudsync.js ') && !line.trimEnd().endsWith('&')) {
      out.push(`printf '\\n::rc %s %s\\n' ${commands.length} $?`);
      commands.push(line.replace(/\s+#.*$/, ''));
    }
  }
  return { script: out.join('\n') + '\n', commands };
}

describe('README', () => {
  it('the emulator try-it block runs as pasted: validate, doctor, setup, sync and test-user with their documented exit codes', { timeout: 120_000 }, async () => {
    const block = shBlocks(readFileSync(join(REPO, 'README.md'), 'utf8')).find((b) => / emulator .*--write-env /.test(b[0] ?? ''));
    expect(block, 'a README ```sh block starting the emulator with --write-env').toBeDefined();
    symlinkSync(join(REPO, 'bin'), join(dir, 'bin'));
    symlinkSync(join(REPO, 'examples'), join(dir, 'examples'));
    const { script, commands } = instrument(block!);
    const r = await runProcess('sh', ['-c', script], { cwd: dir, env: { HOME: dir }, timeout: 110_000 });
    const codes = new Map([...r.stdout.matchAll(/^::rc (\d+) (\d+)$/gm)].map((m) => [commands[Number(m[1])]!.split(' ')[2]!, Number(m[2])]));
    // docs/exit-codes.md: 4 findings or pending changes; doctor's warnings leave 0
    expect(Object.fromEntries(codes), r.stderr.slice(-2000)).toEqual({ validate: 4, doctor: 0, setup: 0, sync: 4, 'test-user': 4 });
    for (let i = 0; i < 50 && existsSync(join(dir, 'emulator-env.sh')); i++) await new Promise((res) => setTimeout(res, 100));
    expect(existsSync(join(dir, 'emulator-env.sh')), 'the emulator stopped and removed its settings file').toBe(false);
  });
});
