import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emulatorOptions } from '../../src/cli/commands/emulator/options.js';
import { serveEmulator } from '../../src/cli/commands/emulator/run.js';
import type { Context } from '../../src/cli/context.js';

function fakeContext(): { ctx: Context; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const ctx = {
    io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), stdoutIsTty: false, stderrIsTty: false, stdinIsTty: false, env: {}, cwd: '/' },
    info: (m: string) => err.push(m),
    warn: (m: string) => err.push(m),
  } as unknown as Context;
  return { ctx, out, err };
}

describe('cloudsync emulator command', () => {
  it('turns flags into options', () => {
    expect(emulatorOptions({ port: '8443', domain: ['a.com'], seed: 's.json', state: 'st.json', throttleScale: '10', errorRate: '0.1', latency: '50', dropRate: '0' })).toEqual({
      port: 8443,
      domains: ['a.com'],
      seed: 's.json',
      statePath: 'st.json',
      throttle: { enabled: true, scale: 10 },
      faults: { errorRate: 0.1, dropRate: 0, latencyMs: 50 },
    });
    expect(emulatorOptions({ throttle: false }).throttle).toEqual({ enabled: false });
    expect(emulatorOptions({ noThrottle: true }).throttle).toEqual({ enabled: false });
  });

  it.each([
    [{ port: '70000' }, "--port must be a port number 0..65535 (got '70000')"],
    [{ throttleScale: '0' }, "--throttle-scale must be a positive number (got '0')"],
    [{ dropRate: '1.5' }, "--drop-rate must be between 0 and 1 (got '1.5')"],
    [{ latency: 'soon' }, "--latency must be milliseconds (0 or more) (got 'soon')"],
  ])('refuses %o', (flags, message) => {
    expect(() => emulatorOptions(flags)).toThrow(message);
  });

  it('prints exactly one JSON line on stdout, guidance on stderr, and returns 0 when stopped', async () => {
    const { ctx, out, err } = fakeContext();
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    const run = serveEmulator(ctx, {}, stopped);
    while (out.length === 0) await new Promise((r) => setTimeout(r, 10));
    stop();
    expect(await run).toBe(0);
    expect(out).toHaveLength(1);
    expect(out[0]!.endsWith('\n')).toBe(true);
    expect(Object.keys(JSON.parse(out[0]!))).toEqual(['authorityHost', 'graphEndpoint', 'tenantId', 'clientId', 'clientSecret', 'caCertFile']);
    expect(err.join('\n')).toContain('NODE_EXTRA_CA_CERTS=');
    expect(err.join('\n')).not.toContain(JSON.parse(out[0]!).clientSecret);
  });

  it('--print-env prints the lines instead of the JSON line; --write-env writes them (0600) once listening and removes them at exit', async () => {
    const { ctx, out, err } = fakeContext();
    const file = join(mkdtempSync(join(tmpdir(), 'cloudsync emulator ')), 'emulator.env.sh');
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    const run = serveEmulator(ctx, { printEnv: 'sh', writeEnv: file }, stopped);
    while (out.length === 0) await new Promise((r) => setTimeout(r, 10));
    const written = readFileSync(file, 'utf8');
    const mode = statSync(file).mode & 0o777;
    stop();
    expect(await run).toBe(0);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^export NODE_EXTRA_CA_CERTS='.*ca\.pem'\n(export [A-Z_]+='[^']*'\n){5}$/);
    expect(written).toBe(out[0]);
    if (process.platform !== 'win32') expect(mode).toBe(0o600);
    expect(existsSync(file)).toBe(false);
    expect(err.join('\n')).toContain(`settings written to ${file}`);
  });

  it('--write-env into a folder that does not exist: one line naming the file, and the emulator closed', async () => {
    const { ctx, out } = fakeContext();
    const file = join(tmpdir(), 'cloudsync-no-such-folder', 'x.sh');
    await expect(serveEmulator(ctx, { writeEnv: file }, new Promise(() => {}))).rejects.toThrow(`cannot write --write-env ${file}: ENOENT (does its folder exist?)`);
    expect(out).toEqual([]);
  });
});
