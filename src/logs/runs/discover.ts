/** Finds the run journals under a state directory: <state dir>/sync/<scope key>/runs/<run id>.ndjson. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { JournalFile } from './types.js';

export function scopesDir(stateDir: string): string {
  return join(stateDir, 'sync');
}

/** Scope keys that have a runs folder. */
export function listScopes(stateDir: string): string[] {
  const root = scopesDir(stateDir);
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'runs')))
    .map((d) => d.name)
    .sort();
}

/** The journals of one scope, oldest first (run ids sort by start time). */
export function listScopeJournals(stateDir: string, scopeKey: string): JournalFile[] {
  const runs = join(scopesDir(stateDir), scopeKey, 'runs');
  let names: string[];
  try {
    names = readdirSync(runs);
  } catch {
    return [];
  }
  const markers = new Set(names.filter((n) => n.endsWith('.ndjson.apply')));
  const out: JournalFile[] = [];
  for (const n of names) {
    if (!n.endsWith('.ndjson')) continue;
    const path = join(runs, n);
    let st;
    try {
      st = statSync(path);
    } catch {
      continue; // pruned meanwhile
    }
    out.push({ scopeKey, runId: n.slice(0, -'.ndjson'.length), path, size: st.size, mtimeMs: st.mtimeMs, applyMarker: markers.has(`${n}.apply`) });
  }
  return out.sort((a, b) => (a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0));
}

/** Every journal of every scope, newest first. */
export function listJournals(stateDir: string): JournalFile[] {
  return listScopes(stateDir)
    .flatMap((k) => listScopeJournals(stateDir, k))
    .sort((a, b) => (a.runId < b.runId ? 1 : a.runId > b.runId ? -1 : 0));
}
