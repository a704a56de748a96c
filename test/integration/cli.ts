/** The CLI as a subprocess (test/support/run-cli.ts), for the integration tests that need a real process. */
export * from '../support/run-cli.js';
