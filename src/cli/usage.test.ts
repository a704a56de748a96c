/**
 * Usage at the top of the command tree, in process through `main(argv, io)`: `cloudsync` alone
 * prints its help as data (stdout, exit 0); a mistyped subcommand is the one documented
 * `cloudsync: error:` line with a suggestion, exit 2 — also under `logs`, whose default
 * subcommand (`list`) would otherwise take the typo as an argument.
 */
import { describe, expect, it } from 'vitest';
import { runMain } from '../../test/support/run-main.js';

describe('usage at the top of the command tree', () => {
  it('cloudsync with no arguments prints the help to stdout and exits 0', async () => {
    const r = await runMain([]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^Usage: cloudsync \[options\] \[command\]\n/);
    expect(r.stdout).toContain('  validate [options]');
  });

  it.each([
    [['logs', 'shwo'], "cloudsync: error: unknown command 'shwo' (did you mean show?); see cloudsync logs --help\n"],
    [['logs', 'prnue', '--older-than', '30d'], "cloudsync: error: unknown command 'prnue' (did you mean prune?); see cloudsync logs --help\n"],
    [['job', 'stauts'], "cloudsync: error: unknown command 'stauts' (did you mean status?); see cloudsync job --help\n"],
    [['valdate'], "cloudsync: error: unknown command 'valdate' (did you mean validate?); see cloudsync --help\n"],
  ])('%j is one error line with a suggestion, exit 2', async (argv, line) => {
    expect(await runMain(argv)).toEqual({ code: 2, stdout: '', stderr: line });
  });

  it('logs with only flags still runs its default subcommand (list)', async () => {
    const r = await runMain(['logs', '--limit', 'x']);
    expect(r.stderr).not.toContain('unknown command');
  });

  it('an unknown option is the same single line', async () => {
    expect(await runMain(['validate', '--frmo', 'x'])).toEqual({
      code: 2,
      stdout: '',
      stderr: "cloudsync: error: unknown option '--frmo' (did you mean --from?); see cloudsync validate --help\n",
    });
  });
});
