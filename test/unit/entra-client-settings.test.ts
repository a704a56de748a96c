import { describe, expect, it } from 'vitest';
import { checkEntraSettings, defaultTokenCachePath, describeEntraSettings, resolveEntraSettings, type EntraFlags } from '../../src/config/entra.js';
import { graphScope, msalAuthority } from '../../src/directory/entra/credential.js';

const cwd = '/work/project';
const T = '11111111-2222-3333-4444-555555555555';
const base = { AZURE_TENANT_ID: T, AZURE_CLIENT_ID: 'app-id', HOME: '/home/ada' };

async function method(env: Record<string, string>, flags: EntraFlags = {}, config?: Record<string, string>): Promise<string | undefined> {
  return (await resolveEntraSettings(flags, { ...base, ...env }, config, cwd))?.method;
}

/** Resolves, then checks the method has its inputs (as EntraClient.create does). */
async function usable(env: Record<string, string>, flags: EntraFlags = {}): Promise<string | undefined> {
  const s = await resolveEntraSettings(flags, { ...base, ...env }, undefined, cwd);
  checkEntraSettings(s!);
  return s!.method;
}

describe('Entra settings: precedence flags > environment > config > defaults', () => {
  it('is undefined when no tenant is configured anywhere', async () => {
    expect(await resolveEntraSettings({}, { AZURE_CLIENT_ID: 'x', AZURE_CLIENT_SECRET: 's' }, { clientId: 'y' }, cwd)).toBeUndefined();
  });

  it('takes each setting from the flag, else the environment, else the config file', async () => {
    const config = { tenantId: 'cfg-tenant', clientId: 'cfg-app', graphEndpoint: 'https://graph.cfg', authorityHost: 'https://login.cfg' };
    const env = { AZURE_TENANT_ID: 'env-tenant', AZURE_CLIENT_ID: 'env-app', AZURE_CLIENT_SECRET: 's', CLOUDSYNC_GRAPH_ENDPOINT: 'https://graph.env:8443/' };
    const fromConfig = await resolveEntraSettings({}, { AZURE_CLIENT_SECRET: 's' }, config, cwd);
    expect(fromConfig).toMatchObject({ tenantId: 'cfg-tenant', clientId: 'cfg-app', graphEndpoint: 'https://graph.cfg', authorityHost: 'https://login.cfg' });
    const fromEnv = await resolveEntraSettings({}, env, config, cwd);
    expect(fromEnv).toMatchObject({ tenantId: 'env-tenant', clientId: 'env-app', graphEndpoint: 'https://graph.env:8443', authorityHost: 'https://login.cfg' });
    const fromFlags = await resolveEntraSettings(
      { tenantId: 'flag-tenant', clientId: 'flag-app', graphEndpoint: 'https://graph.flag', authorityHost: 'https://login.flag' },
      env,
      config,
      cwd,
    );
    expect(fromFlags).toMatchObject({ tenantId: 'flag-tenant', clientId: 'flag-app', graphEndpoint: 'https://graph.flag', authorityHost: 'https://login.flag' });
  });

  it('defaults to the public cloud', async () => {
    const s = await resolveEntraSettings({}, { ...base, AZURE_CLIENT_SECRET: 's' }, undefined, cwd);
    expect(s).toMatchObject({ authorityHost: 'https://login.microsoftonline.com', graphEndpoint: 'https://graph.microsoft.com' });
  });

  it('reads AZURE_AUTHORITY_HOST and refuses http or a versioned Graph endpoint, naming the setting', async () => {
    const env = { ...base, AZURE_CLIENT_SECRET: 's', AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us/' };
    expect((await resolveEntraSettings({}, env, undefined, cwd))?.authorityHost).toBe('https://login.microsoftonline.us');
    await expect(resolveEntraSettings({}, { ...env, AZURE_AUTHORITY_HOST: 'http://localhost:8443' }, undefined, cwd)).rejects.toThrow(
      /invalid authority host "http:\/\/localhost:8443" \(from environment, e\.g\. AZURE_AUTHORITY_HOST\)/,
    );
    const err = await resolveEntraSettings({ graphEndpoint: 'https://graph.microsoft.com/v1.0' }, env, undefined, cwd).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'usage', message: expect.stringMatching(/no path or version/) });
  });

  it('resolves file paths against the working directory', async () => {
    const s = await resolveEntraSettings({}, { ...base, AZURE_FEDERATED_TOKEN_FILE: 'tok/jwt' }, { certificatePath: 'c.pem' }, cwd);
    expect(s?.federatedTokenFile).toBe('/work/project/tok/jwt');
    expect(s?.certificatePath).toBe('/work/project/c.pem');
  });
});

describe('Entra auth method auto-selection (as @azure/identity: Environment, WorkloadIdentity, CI, managed identity)', () => {
  it('picks the secret first, then the certificate, then the federated token file', async () => {
    const all = { AZURE_CLIENT_SECRET: 's', AZURE_CLIENT_CERTIFICATE_PATH: 'c.pem', AZURE_FEDERATED_TOKEN_FILE: 't' };
    expect(await method(all)).toBe('secret');
    expect(await method({ AZURE_CLIENT_CERTIFICATE_PATH: 'c.pem', AZURE_FEDERATED_TOKEN_FILE: 't' })).toBe('certificate');
    expect(await method({ AZURE_FEDERATED_TOKEN_FILE: 't' })).toBe('federated');
  });

  it('a certificate flag wins over an environment secret; a config certificate does not', async () => {
    expect(await method({ AZURE_CLIENT_SECRET: 's' }, { certificatePath: 'flag.pem' })).toBe('certificate');
    expect(await method({ AZURE_CLIENT_SECRET: 's' }, {}, { certificatePath: 'cfg.pem' })).toBe('secret');
    expect(await method({}, {}, { certificatePath: 'cfg.pem' })).toBe('certificate');
  });

  it('uses GitHub Actions OIDC only with both the request URL and token', async () => {
    const gh = { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://pipelines.actions.githubusercontent.com/x?api-version=2.0', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'rt' };
    const s = await resolveEntraSettings({}, { ...base, ...gh }, undefined, cwd);
    expect(s).toMatchObject({ method: 'github-oidc', oidcRequestUrl: gh.ACTIONS_ID_TOKEN_REQUEST_URL, oidcRequestToken: 'rt' });
    // Without the token (no "id-token: write") it is not GitHub OIDC; falls through to device code.
    expect(await method({ ACTIONS_ID_TOKEN_REQUEST_URL: gh.ACTIONS_ID_TOKEN_REQUEST_URL })).toBe('device-code');
  });

  it('uses Azure DevOps OIDC with SYSTEM_OIDCREQUESTURI and demands the access token and service connection', async () => {
    const ado = { SYSTEM_OIDCREQUESTURI: 'https://dev.azure.com/org/p/_apis/x', SYSTEM_ACCESSTOKEN: 'at', AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: 'sc-1' };
    const s = await resolveEntraSettings({}, { ...base, ...ado }, undefined, cwd);
    expect(s).toMatchObject({ method: 'azure-devops-oidc', oidcRequestUrl: ado.SYSTEM_OIDCREQUESTURI, oidcRequestToken: 'at', serviceConnectionId: 'sc-1' });
    await expect(usable({ SYSTEM_OIDCREQUESTURI: ado.SYSTEM_OIDCREQUESTURI })).rejects.toThrow(/SYSTEM_ACCESSTOKEN/);
    await expect(usable({ SYSTEM_OIDCREQUESTURI: ado.SYSTEM_OIDCREQUESTURI, SYSTEM_ACCESSTOKEN: 'at' })).rejects.toThrow(/AZURESUBSCRIPTION_SERVICE_CONNECTION_ID/);
    expect(await usable(ado)).toBe('azure-devops-oidc');
  });

  it('uses managed identity when an identity endpoint is present; AZURE_CLIENT_ID names a user-assigned one', async () => {
    for (const v of ['IDENTITY_ENDPOINT', 'MSI_ENDPOINT', 'IMDS_ENDPOINT']) expect(await method({ [v]: 'http://localhost:40342' })).toBe('managed-identity');
    const s = await resolveEntraSettings({}, { ...base, IDENTITY_ENDPOINT: 'http://x' }, undefined, cwd);
    expect(s?.managedIdentityClientId).toBe('app-id');
    const system = await resolveEntraSettings({}, { AZURE_TENANT_ID: T, IDENTITY_ENDPOINT: 'http://x' }, undefined, cwd);
    expect(system).toMatchObject({ method: 'managed-identity' });
    expect(system?.managedIdentityClientId).toBeUndefined();
  });

  it('falls back to device code, which needs a client id to sign in (but not to resolve, for logout)', async () => {
    expect(await method({})).toBe('device-code');
    const s = await resolveEntraSettings({}, { AZURE_TENANT_ID: T, HOME: '/home/ada' }, undefined, cwd);
    expect(s?.tokenCachePath).toMatch(/cloudsync[/\\]token-cache\.json$/);
    expect(() => checkEntraSettings(s!)).toThrow(/needs a client id: set AZURE_CLIENT_ID/);
  });

  it('lets an explicit method override detection (flag > CLOUDSYNC_AUTH_METHOD > config) and rejects unknown ones', async () => {
    const env = { AZURE_CLIENT_SECRET: 's', IDENTITY_ENDPOINT: 'http://x' };
    expect(await method(env, { authMethod: 'managed-identity' })).toBe('managed-identity');
    expect(await method({ ...env, CLOUDSYNC_AUTH_METHOD: 'device-code' }, {}, { authMethod: 'managed-identity' })).toBe('device-code');
    expect(await method(env, {}, { authMethod: 'managed-identity' })).toBe('managed-identity');
    await expect(method(env, { authMethod: 'password' })).rejects.toMatchObject({ kind: 'usage', message: expect.stringMatching(/unknown Entra auth method "password"/) });
    await expect(method(env, {}, { authMethod: 'kerberos' })).rejects.toMatchObject({ kind: 'config' });
  });

  it('says which input an explicitly chosen method lacks', async () => {
    await expect(usable({}, { authMethod: 'secret' })).rejects.toThrow(/"secret" needs AZURE_CLIENT_SECRET/);
    await expect(usable({}, { authMethod: 'federated' })).rejects.toThrow(/needs AZURE_FEDERATED_TOKEN_FILE/);
    await expect(usable({}, { authMethod: 'github-oidc' })).rejects.toThrow(/id-token: write/);
    await expect(usable({}, { authMethod: 'certificate' })).rejects.toThrow(/AZURE_CLIENT_CERTIFICATE_PATH/);
    expect(await usable({}, { authMethod: 'managed-identity' })).toBe('managed-identity');
  });
});

describe('token cache location', () => {
  it('follows each platform convention', () => {
    expect(defaultTokenCachePath({ HOME: '/home/ada' }, 'linux')).toBe('/home/ada/.config/cloudsync/token-cache.json');
    expect(defaultTokenCachePath({ HOME: '/home/ada', XDG_CONFIG_HOME: '/xdg' }, 'linux')).toBe('/xdg/cloudsync/token-cache.json');
    // A relative XDG_CONFIG_HOME is invalid per the XDG spec and ignored.
    expect(defaultTokenCachePath({ HOME: '/home/ada', XDG_CONFIG_HOME: 'rel' }, 'linux')).toBe('/home/ada/.config/cloudsync/token-cache.json');
    expect(defaultTokenCachePath({ HOME: '/Users/ada' }, 'darwin')).toBe('/Users/ada/Library/Application Support/cloudsync/token-cache.json');
    expect(defaultTokenCachePath({ APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'win32')).toBe('C:\\Users\\ada\\AppData\\Roaming\\cloudsync\\token-cache.json');
  });

  it('can be overridden with CLOUDSYNC_TOKEN_CACHE', async () => {
    const s = await resolveEntraSettings({}, { ...base, CLOUDSYNC_TOKEN_CACHE: 'cache.json' }, undefined, cwd);
    expect(s?.tokenCachePath).toBe('/work/project/cache.json');
    const d = await resolveEntraSettings({}, { ...base, XDG_CONFIG_HOME: '/xdg' }, undefined, cwd);
    if (process.platform === 'linux') expect(d?.tokenCachePath).toBe('/xdg/cloudsync/token-cache.json');
  });
});

describe('describeEntraSettings', () => {
  it('never shows the secret, certificate password or OIDC request token', async () => {
    const env = { ...base, AZURE_CLIENT_SECRET: 'sup3r-s3cret', AZURE_CLIENT_CERTIFICATE_PASSWORD: 'pfx-pass' };
    const s = await resolveEntraSettings({}, env, undefined, cwd);
    const shown = JSON.stringify(describeEntraSettings(s!));
    expect(shown).not.toContain('sup3r-s3cret');
    expect(shown).not.toContain('pfx-pass');
    expect(shown).toContain('"clientSecret":"(redacted)"');
    const gh = await resolveEntraSettings({}, { ...base, ACTIONS_ID_TOKEN_REQUEST_URL: 'https://gh/x', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'gh-bearer' }, undefined, cwd);
    expect(JSON.stringify(describeEntraSettings(gh!))).not.toContain('gh-bearer');
  });
});

describe('msal authority', () => {
  it('lists no known authority for the public cloud and host:port for any other, so msal skips instance discovery', () => {
    expect(msalAuthority({ authorityHost: 'https://login.microsoftonline.com', tenantId: T })).toEqual({
      authority: `https://login.microsoftonline.com/${T}`,
      knownAuthorities: [],
    });
    expect(msalAuthority({ authorityHost: 'https://localhost:8443', tenantId: 'contoso.onmicrosoft.com' })).toEqual({
      authority: 'https://localhost:8443/contoso.onmicrosoft.com',
      knownAuthorities: ['localhost:8443'],
    });
    expect(msalAuthority({ authorityHost: 'https://login.microsoftonline.us', tenantId: T }).knownAuthorities).toEqual(['login.microsoftonline.us']);
    expect(graphScope({ graphEndpoint: 'https://graph.microsoft.us' })).toBe('https://graph.microsoft.us/.default');
  });
});
