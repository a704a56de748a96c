/**
 * Helpers for the sync integration tests: the CLI's environment (DC + emulator + a state dir of
 * the test's own), the plan as JSON, and the emulator's users and groups in a form two tenants can
 * be compared by (UPNs and names instead of object ids).
 */
import { mkdtempSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestEmulator } from '../support/emulator.js';
import { cliLdapEnv } from './ad-env.js';
import { runMain, type MainResult } from '../support/run-main.js';

export interface JsonOperation {
  seq: number;
  action: string;
  kind: string;
  dn?: string;
  upn?: string;
  displayName?: string;
  cloudId?: string;
  matchedOn?: string;
  changes?: { attribute: string; old: unknown; new: unknown }[];
  member?: { upn?: string; displayName?: string; dn?: string };
  result?: { status: string; httpStatus?: number; error?: { message: string } };
}

export interface JsonSync {
  plan: {
    operations: JsonOperation[];
    counts: Record<string, number>;
    guards: { guard: string; blocking: boolean; message: string }[];
    skipped: { rule: string; upn?: string; dn?: string }[];
  };
  applied: boolean;
  result?: { outcome: string; counts: Record<string, number> };
}

export function stateDir(): string {
  return mkdtempSync(join(tmpdir(), 'cloudsync-sync-state-'));
}

export function syncEnv(emu: TestEmulator, state: string, ad = true): Record<string, string> {
  return { ...(ad ? cliLdapEnv() : {}), ...emu.env, CLOUDSYNC_STATE_DIR: state };
}

/** Runs `cloudsync sync … -o json` and parses stdout (throws with stderr when it is not JSON). */
export async function syncJson(args: readonly string[], env: Record<string, string>): Promise<MainResult & { json: JsonSync }> {
  const r = await runMain(['sync', ...args, '-o', 'json'], { env });
  let json: JsonSync;
  try {
    json = JSON.parse(r.stdout) as JsonSync;
  } catch {
    throw new Error(`sync ${args.join(' ')} gave no JSON (exit ${r.code}): ${r.stderr}`);
  }
  return { ...r, json };
}

interface EmuObject {
  id: string;
  type: string;
  props: Record<string, unknown>;
  members?: string[];
}

export interface TenantView {
  users: Record<string, { displayName: unknown; immutableId: unknown; accountEnabled: unknown; department: unknown; jobTitle: unknown; mail: unknown }>;
  groups: Record<string, { members: string[]; mailNickname: unknown }>;
  deletedUsers: string[];
}

/**
 * The emulator's users and groups (GET /_emulator/state), keyed by UPN and group name, members as
 * UPNs: equal for two tenants that hold the same objects, whatever their ids.
 */
export async function tenantView(emu: TestEmulator, skipUpns: readonly string[] = []): Promise<TenantView> {
  const r = await emu.request('/_emulator/state');
  const dir = (r.json as { directory: { objects: EmuObject[]; deleted: { object: EmuObject }[] } }).directory;
  const upnOf = new Map<string, string>();
  for (const o of dir.objects) if (o.type === 'user') upnOf.set(o.id, String(o.props.userPrincipalName));
  const users: TenantView['users'] = {};
  for (const o of dir.objects) {
    if (o.type !== 'user') continue;
    const upn = String(o.props.userPrincipalName);
    if (skipUpns.includes(upn) || upn.startsWith('admin@')) continue;
    users[upn] = {
      displayName: o.props.displayName,
      immutableId: o.props.onPremisesImmutableId ?? null,
      accountEnabled: o.props.accountEnabled,
      department: o.props.department ?? null,
      jobTitle: o.props.jobTitle ?? null,
      mail: o.props.mail ?? null,
    };
  }
  const groups: TenantView['groups'] = {};
  for (const o of dir.objects) {
    if (o.type !== 'group') continue;
    const name = String(o.props.displayName);
    if (groups[name] !== undefined) throw new Error(`two groups named ${name}: a duplicate`);
    groups[name] = { members: (o.members ?? []).map((id) => upnOf.get(id) ?? id).sort(), mailNickname: o.props.mailNickname };
  }
  const deletedUsers = (dir.deleted ?? [])
    .map((d) => d.object)
    .filter((o) => o.type === 'user')
    .map((o) => String(o.props.userPrincipalName))
    .sort();
  return { users, groups, deletedUsers };
}

/** The lock file of the one scope synchronised under a state dir, once it exists. */
export function lockFile(state: string): string | undefined {
  const root = join(state, 'sync');
  if (!existsSync(root)) return undefined;
  for (const key of readdirSync(root)) {
    const p = join(root, key, 'sync.lock');
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** Journal lines written so far under a state dir (every run). */
export function journalFiles(state: string): string[] {
  const root = join(state, 'sync');
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((key) => {
    const runs = join(root, key, 'runs');
    return existsSync(runs) ? readdirSync(runs).map((f) => join(runs, f)) : [];
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
