/**
 * Tables in a real terminal (issue 12 item 2): bin/cloudsync.js in tmux panes of 80 and 160 columns,
 * colours on (stdout is the terminal). No line wider than the terminal (tmux's -J joins what it had
 * to wrap, so an over-wide line shows as one long line), no colour code left as text in a cell
 * (before: `│ c / reate / [39m │`), header words whole (before: `Seve|rity`).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { REPO } from './cli.js';
import { usePanes } from './terminal-pty.js';

const panes = usePanes('cloudsync-term-tables-');
let dir: string;
let emu: TestEmulator;

beforeAll(async () => {
  dir = panes.dir();
  emu = await startTestEmulator();
});
afterAll(() => emu.close());

async function run(args: readonly string[], columns: number, o: { answer?: string; state?: string } = {}): Promise<string> {
  const p = panes.open(args, { columns, rows: 50, env: { ...emu.env, XDG_STATE_HOME: join(dir, o.state ?? `state-${columns}`) } });
  if (o.answer !== undefined) {
    await p.waitFor(/\[y\/N\]/, 60_000);
    p.keys(o.answer, 'Enter');
  }
  await p.exit(60_000);
  return p.screen();
}

function expectFits(screen: string, columns: number): void {
  // Sentences (summaries, warnings) are the terminal's to wrap; tables and their lines are ours.
  const lines = screen.split('\n').filter((l) => !/^(EXIT=|\d+ error|\d+ warning|Against the tenant|warning:|\d+ change|journal:|cloudsync:|Apply \d+)/.test(l));
  const over = lines.filter((l) => stringWidth(l) > columns);
  expect(over.map((l) => `${stringWidth(l)}: ${l}`), `lines wider than ${columns}`).toEqual([]);
  // A colour code cut apart by wrapping shows as text: "[39m", "9m │".
  expect(screen).not.toMatch(/\[\d{1,2}(;\d+)*m|│ \d{1,2}m +│/);
}

describe.each([80, 160])('at %i columns', (columns) => {
  it('validate: summary and details fit, header words whole', async () => {
    const s = await run(['validate', '--from', 'examples/contoso.ldif'], columns);
    expectFits(s, columns);
    expect(s).toMatch(/│ Severity\s*│/);
    expect(s).toMatch(/│ Attribute\s*│/);
    if (columns < 100) expect(s).not.toMatch(/^├─.*┤\n│ \S.*\n├─/m); // compact: no rule between rows
  });

  it('sync plan, logs and info fit', async () => {
    const plan = await run(['sync', '--from', 'examples/contoso.ldif', '--all'], columns, { answer: 'n' });
    expectFits(plan, columns);
    expect(plan).toMatch(/create/);
    expectFits(await run(['logs'], columns), columns);
    const info = await run(['info'], columns);
    expectFits(info, columns);
    if (columns < 100) expect(info).toMatch(/^tenant id: /m);
  });
});

it('more than 500 rows: one line per row, cut to the terminal', async () => {
  const big = join(dir, 'big.ldif');
  writeFileSync(big, execFileSync(process.execPath, [join(REPO, 'scripts/gen-ldif.mjs'), '2000'], { maxBuffer: 64 << 20 }));
  const s = await run(['validate', '--from', big], 80);
  expectFits(s, 80);
});
