import type { Command } from 'commander';
import { addEntraOptions } from '../entra.js';
import type { Runner } from './runner.js';

const collect = (v: string, prev: string[] | undefined): string[] => [...(prev ?? []), v];

/** `cloudsync agents`, `cloudsync graph`, `cloudsync info` (docs/graph.md). */
export function registerTenantTools(program: Command, run: Runner): void {
  addEntraOptions(
    program
      .command('agents')
      .description("Microsoft's cloud sync provisioning agents: status, machine, groups, the AD domains they serve, and what needs attention"),
  ).action(run(async (ctx, opts) => (await import('../commands/agents.js')).runAgents(ctx, opts)));

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
  ).action(run(async (ctx, opts, args) => (await import('../commands/graph.js')).runGraph(ctx, opts, args[0] as string, args[1] as string)));

  addEntraOptions(
    program
      .command('info')
      .description('tenant, domains, app, sign-in, endpoints, token expiry and the permissions each command needs'),
  ).action(run(async (ctx, opts) => (await import('../commands/info.js')).runInfo(ctx, opts)));
}
