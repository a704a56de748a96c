import type { Command } from 'commander';
import { addEntraOptions } from '../../entra.js';
import { collect, type Runner } from '../../runner.js';

/** `cloudsync graph <METHOD> <path>` (docs/graph.md). */
export function registerGraph(program: Command, run: Runner): void {
  addEntraOptions(
    program
      .command('graph')
      .description('send any Microsoft Graph request with the configured sign-in (writes need --yes or a terminal confirmation)')
      .argument('<method>', 'GET, POST, PATCH, PUT or DELETE')
      .argument('<path>', 'relative ("/users", "users?$top=5", "/beta/…") or an absolute URL on the Graph endpoint')
      .option('--body <json|@file>', 'request body: JSON text, or @file to read it from a file (@- for stdin)')
      .option('--header <header>', '"Name: value": an extra request header (repeatable)', collect)
      .option('--all', 'follow @odata.nextLink and output every item of the collection')
      .option('--beta', 'use the /beta endpoint for a path without a version')
      .option('--yes', 'send a write (POST, PATCH, PUT, DELETE) without asking'),
  ).action(run(async (ctx, opts, args) => (await import('./run.js')).runGraph(ctx, opts, args[0] as string, args[1] as string)));
}
