/** cloudsync, Node, OS and dependency versions, for the bundle. */
import { existsSync, readFileSync } from 'node:fs';
import { arch, platform, release, type } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (src/logs/bundle or dist/logs/bundle → three levels up). */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export interface Versions {
  cloudsync: string;
  node: string;
  os: { type: string; release: string; platform: string; arch: string };
  dependencies: Record<string, string>;
}

export function versions(root: string = ROOT): Versions {
  const pkg = readJson(join(root, 'package.json')) ?? {};
  const deps: Record<string, string> = {};
  for (const name of Object.keys((pkg.dependencies as Record<string, string> | undefined) ?? {}).sort()) {
    const p = join(root, 'node_modules', name, 'package.json');
    deps[name] = existsSync(p) ? String(readJson(p)?.version ?? '?') : 'not installed';
  }
  return {
    cloudsync: String(pkg.version ?? '?'),
    node: process.versions.node,
    os: { type: type(), release: release(), platform: platform(), arch: arch() },
    dependencies: deps,
  };
}
