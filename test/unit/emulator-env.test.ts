/**
 * `cloudsync emulator --print-env sh|pwsh|dotenv` and `--write-env`: the lines for each shell,
 * quoted so that paths with spaces and quotes come through unchanged (checked by a real `sh`),
 * and which format --write-env takes (writing it: emulator-command.test.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeEnvFormat, renderEnv } from '../../src/cli/commands/emulator/env.js';
import { emulatorCommand } from '../../src/cli/commands/emulator/options.js';
import type { EmulatorInfo } from '../../src/emulator/index.js';

const dir = mkdtempSync(join(tmpdir(), 'cloudsync emulator env '));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const info: EmulatorInfo = {
  authorityHost: 'https://localhost:8443',
  graphEndpoint: 'https://localhost:8443',
  tenantId: '11111111-2222-3333-4444-555555555555',
  clientId: '66666666-7777-8888-9999-000000000000',
  clientSecret: 's3cr$t"\'`\\x',
  caCertFile: "/tmp/Program Files/it's/ca.pem",
};

describe('emulator settings for shells', () => {
  it('sh: export lines in single quotes', () => {
    expect(renderEnv(info, 'sh')).toBe(
      [
        `export NODE_EXTRA_CA_CERTS='/tmp/Program Files/it'\\''s/ca.pem'`,
        `export AZURE_AUTHORITY_HOST='https://localhost:8443'`,
        `export CLOUDSYNC_GRAPH_ENDPOINT='https://localhost:8443'`,
        `export AZURE_TENANT_ID='11111111-2222-3333-4444-555555555555'`,
        `export AZURE_CLIENT_ID='66666666-7777-8888-9999-000000000000'`,
        `export AZURE_CLIENT_SECRET='s3cr$t"'\\''\`\\x'`,
        '',
      ].join('\n'),
    );
  });

  it('sh: a real sh gets every value back unchanged, by eval and by sourcing the file', () => {
    const file = join(dir, 'emulator.sh');
    writeFileSync(file, renderEnv(info, 'sh'));
    const print = 'printf "%s\\n" "$NODE_EXTRA_CA_CERTS" "$AZURE_AUTHORITY_HOST" "$CLOUDSYNC_GRAPH_ENDPOINT" "$AZURE_TENANT_ID" "$AZURE_CLIENT_ID" "$AZURE_CLIENT_SECRET"';
    const expected = [info.caCertFile, info.authorityHost, info.graphEndpoint, info.tenantId, info.clientId, info.clientSecret, ''].join('\n');
    expect(execFileSync('sh', ['-c', `. "$1"; ${print}`, 'sh', file], { encoding: 'utf8', env: { PATH: process.env.PATH } })).toBe(expected);
    expect(execFileSync('sh', ['-c', `eval "$(cat "$1")"; ${print}`, 'sh', file], { encoding: 'utf8', env: { PATH: process.env.PATH } })).toBe(expected);
  });

  it("pwsh: $env: assignments in single quotes, a ' doubled", () => {
    expect(renderEnv(info, 'pwsh')).toBe(
      [
        `$env:NODE_EXTRA_CA_CERTS = '/tmp/Program Files/it''s/ca.pem'`,
        `$env:AZURE_AUTHORITY_HOST = 'https://localhost:8443'`,
        `$env:CLOUDSYNC_GRAPH_ENDPOINT = 'https://localhost:8443'`,
        `$env:AZURE_TENANT_ID = '11111111-2222-3333-4444-555555555555'`,
        `$env:AZURE_CLIENT_ID = '66666666-7777-8888-9999-000000000000'`,
        `$env:AZURE_CLIENT_SECRET = 's3cr$t"''\`\\x'`,
        '',
      ].join('\n'),
    );
  });

  it('dotenv: single quotes, or double quotes with \\ and " escaped when the value holds a single quote', () => {
    expect(renderEnv(info, 'dotenv')).toBe(
      [
        `NODE_EXTRA_CA_CERTS="/tmp/Program Files/it's/ca.pem"`,
        `AZURE_AUTHORITY_HOST='https://localhost:8443'`,
        `CLOUDSYNC_GRAPH_ENDPOINT='https://localhost:8443'`,
        `AZURE_TENANT_ID='11111111-2222-3333-4444-555555555555'`,
        `AZURE_CLIENT_ID='66666666-7777-8888-9999-000000000000'`,
        `AZURE_CLIENT_SECRET="s3cr$t\\"'\`\\\\x"`,
        '',
      ].join('\n'),
    );
  });

  it('--write-env takes the format of --print-env, else of its extension', () => {
    expect(writeEnvFormat('emulator.ps1')).toBe('pwsh');
    expect(writeEnvFormat('.env')).toBe('dotenv');
    expect(writeEnvFormat('ci/emulator.ENV')).toBe('dotenv');
    expect(writeEnvFormat('emulator.sh')).toBe('sh');
    expect(writeEnvFormat('emulator-env')).toBe('sh');
    expect(emulatorCommand({ printEnv: 'pwsh', writeEnv: 'x.env' }).output).toEqual({ printEnv: 'pwsh', writeEnv: { path: 'x.env', format: 'pwsh' } });
    expect(emulatorCommand({ writeEnv: 'x.env' }).output).toEqual({ writeEnv: { path: 'x.env', format: 'dotenv' } });
    expect(emulatorCommand({}).output).toEqual({});
    expect(() => emulatorCommand({ printEnv: 'fish' })).toThrow("--print-env must be one of sh, pwsh, dotenv (got 'fish')");
  });
});
