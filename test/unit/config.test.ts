import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeLdapSettings, resolveLdapSettings } from '../../src/config/ldap.js';
import { loadConfig } from '../../src/config/load.js';

const dir = mkdtempSync(join(tmpdir(), 'cs-config-'));

describe('config file', () => {
  it('is optional when not named, required when named', async () => {
    expect((await loadConfig(undefined, dir)).config).toEqual({});
    await expect(loadConfig('missing.json', dir)).rejects.toThrow(/cannot read config file .*missing\.json.*ENOENT/);
  });

  it('refuses inline secrets and names the alternative', async () => {
    writeFileSync(join(dir, 'secret.json'), JSON.stringify({ ldap: { url: 'ldaps://dc', password: 'hunter2' } }));
    const err = await loadConfig('secret.json', dir).catch((e: Error) => e);
    expect(String(err)).toMatch(/ldap\.password: secrets are not read from the config file; use ldap\.passwordFile/);
    expect(String(err)).not.toContain('hunter2');
  });

  it('names the offending key for unknown or mistyped settings', async () => {
    writeFileSync(join(dir, 'typo.json'), JSON.stringify({ ldap: { urll: 'x' } }));
    await expect(loadConfig('typo.json', dir)).rejects.toThrow(/typo\.json.*ldap/);
    writeFileSync(join(dir, 'bad.json'), '{ not json');
    await expect(loadConfig('bad.json', dir)).rejects.toThrow(/not valid JSON/);
  });

  it('refuses a config nested 5,000 deep with a config error, not a stack overflow', async () => {
    for (const [name, text] of [
      ['deep-object.json', '{"a":'.repeat(5000) + '1' + '}'.repeat(5000)],
      ['deep-array.json', '{"sync":' + '['.repeat(5000) + ']'.repeat(5000) + '}'],
    ] as const) {
      writeFileSync(join(dir, name), text);
      const err = await loadConfig(name, dir).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'CloudsyncError', kind: 'config' });
      expect((err as Error).message).toMatch(/nested more than 32 deep/);
      expect((err as Error).message.length).toBeLessThan(300);
    }
  });

  it('finds an inline secret at any depth, first in file order', async () => {
    writeFileSync(join(dir, 'two.json'), JSON.stringify({ ldap: { extra: { password: 'x' } }, entra: { clientSecret: 'y' } }));
    await expect(loadConfig('two.json', dir)).rejects.toThrow(/ldap\.extra\.password: secrets/);
  });
});

describe('LDAP settings precedence: flags > environment > config > defaults', () => {
  const config = { url: 'ldaps://from-config', bindDn: 'cfg@corp', baseDn: 'DC=cfg', tlsVerify: true };

  it('takes flags over environment over config', async () => {
    const env = { CLOUDSYNC_LDAP_URL: 'ldaps://env1, ldaps://env2', CLOUDSYNC_LDAP_BIND_DN: 'env@corp' };
    const fromEnv = await resolveLdapSettings({}, env, config, dir);
    expect(fromEnv?.urls).toEqual(['ldaps://env1', 'ldaps://env2']);
    expect(fromEnv?.bindDn).toBe('env@corp');
    expect(fromEnv?.baseDn).toBe('DC=cfg');
    const fromFlags = await resolveLdapSettings({ url: ['ldaps://flag'], bindDn: 'flag@corp' }, env, config, dir);
    expect(fromFlags?.urls).toEqual(['ldaps://flag']);
    expect(fromFlags?.bindDn).toBe('flag@corp');
  });

  it('defaults to verified TLS, no plaintext, 120 s timeout; undefined without any URL', async () => {
    const s = await resolveLdapSettings({}, {}, { url: 'ldaps://dc' }, dir);
    expect(s).toMatchObject({ tlsVerify: true, allowPlaintext: false, startTls: false, timeoutMs: 120_000 });
    expect(await resolveLdapSettings({}, {}, undefined, dir)).toBeUndefined();
  });

  it('reads the password file without its trailing newline, and never shows the password', async () => {
    writeFileSync(join(dir, 'pw'), 'S3cret!pass\n');
    const s = await resolveLdapSettings({ url: ['ldaps://dc'], passwordFile: 'pw' }, {}, undefined, dir);
    expect(s?.password).toBe('S3cret!pass');
    expect(JSON.stringify(describeLdapSettings(s!))).not.toContain('S3cret');
    const e = await resolveLdapSettings({ url: ['ldaps://dc'] }, { CLOUDSYNC_LDAP_PASSWORD: 'envpw' }, undefined, dir);
    expect(e?.password).toBe('envpw');
    expect(e?.passwordSource).toBe('environment');
  });

  it('rejects malformed URLs with a one-line message', async () => {
    await expect(resolveLdapSettings({ url: ['dc1.corp:636'] }, {}, undefined, dir)).rejects.toThrow(
      /invalid LDAP URL "dc1\.corp:636": expected ldaps:\/\/host\[:port\]/,
    );
  });
});
