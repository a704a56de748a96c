import { defineConfig } from 'vitest/config';

/**
 * Projects, in the order `vitest run` (npm test) runs them:
 *   group 0  unit      pure logic (test/unit, test/fuzz, src/** beside the code)
 *            commands  each command in process through main(argv, io), against the in-process
 *                      emulator and LDIF files (src/cli/commands/<command>/<command>.test.ts)
 *            smoke     one subprocess run of bin/cloudsync.js per command (needs `npm run build`)
 *   group 1  integration         the Samba DC, the emulator's contract, real processes; files
 *                                side by side (each has its own OUs, emulator, state dir)
 *   group 2  integration-serial  files that must have the machine to themselves (timing)
 */
const SERIAL = [
  // Checks the spacing of provisionOnDemand calls from seven processes at once against the
  // emulator's 5-per-10-s window: real processes and wall-clock spacing, so it runs alone.
  'test/integration/job-provision.test.ts',
  // Counts the objects whose USN changed since its watermark: another file's AD writes show up.
  'test/integration/sync-delta.test.ts',
];

/**
 * Two files at a time on two cores (most of a file's time is waiting on the DC, the emulator's
 * pacing or a child process), and one module cache per worker instead of one per file (loading
 * msal, the Graph client, ldapts and the emulator again for each file cost seconds per file).
 */
const shared = { maxWorkers: 2, isolate: false };

const integration = {
  globalSetup: ['test/integration/global-setup.ts'],
  testTimeout: 60_000,
  hookTimeout: 120_000,
};

export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    // At most two test workers in all (projects of one group run at the same time).
    maxWorkers: 2,
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'test/fuzz/**/*.test.ts', 'src/**/*.test.ts'], exclude: ['src/cli/commands/**'], ...shared } },
      { test: { name: 'commands', include: ['src/cli/commands/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000, ...shared } },
      { test: { name: 'smoke', include: ['test/smoke/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000, ...shared } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          exclude: SERIAL,
          ...integration,
          ...shared,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'integration-serial',
          include: SERIAL,
          ...integration,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
