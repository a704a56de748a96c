/**
 * The library entry (`import 'cloudsync'`, dist/index.js) must not load the emulator: it is its
 * own entry, `cloudsync/emulator`. A child node process registers a module resolve hook
 * (node:module registerHooks, or register on Node 20) that refuses every module under dist/emulator/, then
 * imports the entry by its package name; a control run imports the emulator entry to show that the
 * hook does catch it.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

// The check, as a resolve hook: synchronous for module.registerHooks (Node >= 22.15), asynchronous
// for module.register (Node 20), which runs it off-thread from a module of its own.
const CHECK = "if (r.url.includes('/dist/emulator/')) throw new Error('emulator module loaded: ' + r.url + ' (imported from ' + context.parentURL + ')');";
const ASYNC_HOOK = `export async function resolve(specifier, context, next) { const r = await next(specifier, context); ${CHECK} return r; }`;
const REGISTER = `
if (typeof m.registerHooks === 'function') m.registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); ${CHECK} return r; } });
else m.register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(ASYNC_HOOK)}));`;

function child(specifier: string, hooked = true): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = `
import * as m from 'node:module';
${hooked ? REGISTER : ''}
const mod = await import(${JSON.stringify(specifier)});
console.log(JSON.stringify(Object.keys(mod).sort()));`;
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe("import('cloudsync')", () => {
  it('loads no emulator module', async () => {
    const r = await child('cloudsync');
    expect(r.stderr).not.toContain('emulator module loaded');
    expect(r.code, r.stderr).toBe(0);
    const names = JSON.parse(r.stdout) as string[];
    expect(names).toContain('validateDirectory');
    expect(names).not.toContain('startEmulator');
  });

  it('the hook catches an emulator import (control: cloudsync/emulator)', async () => {
    const r = await child('cloudsync/emulator');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('emulator module loaded: ');
    expect(r.stderr).toContain('/dist/emulator/index.js');
  });

  it('cloudsync/emulator exports startEmulator', async () => {
    const r = await child('cloudsync/emulator', false);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toContain('startEmulator');
  });
});
