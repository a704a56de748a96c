/**
 * Contract tests for the emulator's sign-in side, with the real msal-node: OpenID discovery,
 * client credentials by secret, certificate (PS256 + x5t#S256 and RS256 + x5t) and federated
 * assertion, device code, and managed identity (App Service and IMDS, in subprocesses because
 * msal-node reads their environment variables once per process). Failures carry the AADSTS
 * codes Entra ID documents.
 */
import { spawn } from 'node:child_process';
import { PublicClientApplication } from '@azure/msal-node';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientCertificate, type ClientCertificate } from '../../src/emulator/index.js';
import { rawRequest, startTestEmulator, type TestEmulator } from '../support/emulator.js';

const REPO = new URL('../../', import.meta.url).pathname;
const CERT_APP = 'aaaaaaaa-0000-0000-0000-000000000001';
const FED_APP = 'aaaaaaaa-0000-0000-0000-000000000002';
const OLD_APP = 'aaaaaaaa-0000-0000-0000-000000000003';
const OFF_APP = 'aaaaaaaa-0000-0000-0000-000000000004';
const GH_ISSUER = 'https://token.actions.githubusercontent.com';
const GH_SUBJECT = 'repo:contoso/cloudsync:ref:refs/heads/main';

let emu: TestEmulator;
let cert: ClientCertificate;
let strangerCert: ClientCertificate;
let ghKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/** The AADSTS code in an msal ServerError (or a raw error body). */
async function aadsts(p: Promise<unknown>): Promise<{ code: number; error: string; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { errorCode?: string; errorMessage?: string; message: string };
    const m = /AADSTS(\d+)/.exec(err.errorMessage ?? err.message);
    return { code: m ? Number(m[1]) : -1, error: err.errorCode ?? '', message: err.errorMessage ?? err.message };
  }
  throw new Error('expected the sign-in to fail');
}

const ghToken = (claims: Record<string, unknown> = {}) =>
  new SignJWT({ repository: 'contoso/cloudsync', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: 'gh-test', x5t: 'gh-test' })
    .setIssuer(GH_ISSUER)
    .setSubject((claims.sub as string) ?? GH_SUBJECT)
    .setAudience('api://AzureADTokenExchange')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(ghKey);

beforeAll(async () => {
  [cert, strangerCert] = await Promise.all([createClientCertificate('cloudsync test'), createClientCertificate('stranger')]);
  const keys = await generateKeyPair('RS256');
  ghKey = keys.privateKey;
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'gh-test', alg: 'RS256', use: 'sig' };
  emu = await startTestEmulator({
    domains: ['contoso.com'],
    deviceCode: { intervalSeconds: 1 },
    seed: {
      apps: [
        { clientId: CERT_APP, displayName: 'cert app', roles: ['User.Read.All'], certificates: [cert.certPem] },
        { clientId: FED_APP, displayName: 'ci', roles: ['User.Read.All'], federatedCredentials: [{ issuer: GH_ISSUER, subject: GH_SUBJECT, audiences: ['api://AzureADTokenExchange'], jwks: { keys: [jwk] } }] },
        { clientId: OLD_APP, displayName: 'old', secrets: [{ value: 'expired-secret-value-0123456789', endDateTime: '2020-01-01T00:00:00Z' }] },
        { clientId: OFF_APP, displayName: 'off', disabled: true, secrets: ['disabled-app-secret-0123456789'] },
      ],
      users: [{ userPrincipalName: 'operator@contoso.com', displayName: 'Operator', password: 'Operator-Pa55!' }],
      roleAssignments: [{ role: 'Hybrid Identity Administrator', principal: 'operator@contoso.com' }],
    },
  });
});
afterAll(() => emu?.close());

describe('discovery', () => {
  it('serves OpenID configuration and JWKS for the tenant id and for a verified domain', async () => {
    for (const tenant of [emu.info.tenantId, 'contoso.com', 'contoso.onmicrosoft.com']) {
      const r = await rawRequest(`${emu.info.authorityHost}/${tenant}/v2.0/.well-known/openid-configuration`, emu.ca);
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({
        issuer: `${emu.info.authorityHost}/${emu.info.tenantId}/v2.0`,
        token_endpoint: `${emu.info.authorityHost}/${emu.info.tenantId}/oauth2/v2.0/token`,
        device_authorization_endpoint: `${emu.info.authorityHost}/${emu.info.tenantId}/oauth2/v2.0/devicecode`,
        jwks_uri: `${emu.info.authorityHost}/${emu.info.tenantId}/discovery/v2.0/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
      });
    }
    const keys = await rawRequest(`${emu.info.authorityHost}/${emu.info.tenantId}/discovery/v2.0/keys`, emu.ca);
    expect(keys.json.keys[0]).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS256' });
    const unknown = await rawRequest(`${emu.info.authorityHost}/fabrikam.com/v2.0/.well-known/openid-configuration`, emu.ca);
    expect(unknown.status).toBe(400);
    expect(unknown.json).toMatchObject({ error: 'invalid_tenant', error_codes: [90002] });
  });
});

describe('client credentials', () => {
  it('issues an RS256 v1.0 Graph token with roles, by client secret', async () => {
    const r = await emu.msalApp().acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
    const header = decodeProtectedHeader(r!.accessToken);
    expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(header.kid).toBeTruthy();
    const c = decodeJwt(r!.accessToken);
    expect(c).toMatchObject({ aud: 'https://graph.microsoft.com', iss: `https://sts.windows.net/${emu.info.tenantId}/`, tid: emu.info.tenantId, appid: emu.info.clientId, appidacr: '1', idtyp: 'app', ver: '1.0' });
    expect(c.roles).toEqual(expect.arrayContaining(['User.ReadWrite.All', 'Group.ReadWrite.All', 'GroupMember.ReadWrite.All', 'Directory.Read.All', 'Domain.Read.All', 'Organization.Read.All', 'RoleManagement.Read.Directory', 'AuditLog.Read.All', 'Synchronization.ReadWrite.All']));
    expect(c.exp! - c.iat!).toBeGreaterThanOrEqual(3599);
    expect(c.nbf).toBe(c.iat);
    const own = await emu.msalApp().acquireTokenByClientCredential({ scopes: [`${emu.info.graphEndpoint}/.default`] });
    expect(decodeJwt(own!.accessToken).aud).toBe(emu.info.graphEndpoint);
  });

  it('answers the token endpoint errors with the documented body', async () => {
    const r = await rawRequest(`${emu.info.authorityHost}/${emu.info.tenantId}/oauth2/v2.0/token`, emu.ca, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: emu.info.clientId, client_secret: 'wrong', scope: 'https://graph.microsoft.com/.default' }).toString(),
    });
    expect(r.status).toBe(401);
    expect(Object.keys(r.json).sort()).toEqual(['correlation_id', 'error', 'error_codes', 'error_description', 'error_uri', 'timestamp', 'trace_id']);
    expect(r.json.error).toBe('invalid_client');
    expect(r.json.error_codes).toEqual([7000215]);
    expect(r.json.error_description).toMatch(/^AADSTS7000215: Invalid client secret provided\..* Trace ID: .* Correlation ID: .* Timestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
    expect(r.json.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  });

  it.each([
    ['a wrong secret', () => emu.msalApp({ clientSecret: 'not-the-secret' }), 7000215, 'invalid_client'],
    ['an unknown client', () => emu.msalApp({ clientId: '99999999-9999-9999-9999-999999999999' }), 700016, 'unauthorized_client'],
    ['an expired secret', () => emu.msalApp({ clientId: OLD_APP, clientSecret: 'expired-secret-value-0123456789' }), 7000222, 'invalid_client'],
    ['a disabled app', () => emu.msalApp({ clientId: OFF_APP, clientSecret: 'disabled-app-secret-0123456789' }), 7000112, 'unauthorized_client'],
  ])('refuses %s', async (_what, app, code, error) => {
    const e = await aadsts(app().acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }));
    expect(e.code).toBe(code);
    expect(e.error).toBe(error);
  });

  it('refuses an unknown tenant (AADSTS90002) and a scope without /.default (AADSTS1002012)', async () => {
    // msal-node resolves the authority first; discovery fails as it does against Entra ID
    const app = emu.msalApp({ authority: `${emu.info.authorityHost}/fabrikam.onmicrosoft.com` });
    expect((await aadsts(app.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }))).error).toBe('endpoints_resolution_error');
    const raw = await rawRequest(`${emu.info.authorityHost}/fabrikam.onmicrosoft.com/oauth2/v2.0/token`, emu.ca, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: emu.info.clientId, client_secret: emu.info.clientSecret, scope: 'https://graph.microsoft.com/.default' }).toString(),
    });
    expect(raw.status).toBe(400);
    expect(raw.json).toMatchObject({ error: 'invalid_tenant', error_codes: [90002] });
    expect(raw.json.error_description).toMatch(/^AADSTS90002: Tenant 'fabrikam.onmicrosoft.com' not found\./);
    const scope = await aadsts(emu.msalApp().acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/User.Read.All'] }));
    expect(scope.code).toBe(1002012);
    const resource = await aadsts(emu.msalApp().acquireTokenByClientCredential({ scopes: ['https://management.azure.com/.default'] }));
    expect(resource.code).toBe(500011);
  });

  it('accepts a certificate assertion: PS256 with x5t#S256, and RS256 with x5t', async () => {
    for (const clientCertificate of [{ thumbprintSha256: cert.thumbprintSha256, privateKey: cert.keyPem }, { thumbprint: cert.thumbprintSha1, privateKey: cert.keyPem }]) {
      const r = await emu.msalApp({ clientId: CERT_APP, clientCertificate }).acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
      const c = decodeJwt(r!.accessToken);
      expect(c).toMatchObject({ appid: CERT_APP, appidacr: '2', roles: ['User.Read.All'] });
      const users = await emu.graphClient({ getAccessToken: async () => r!.accessToken }).api('/users').get();
      expect(users.value.length).toBeGreaterThan(0);
    }
  });

  it('refuses an unregistered certificate (AADSTS700027) and a forged signature', async () => {
    const e = await aadsts(emu.msalApp({ clientId: CERT_APP, clientCertificate: { thumbprintSha256: strangerCert.thumbprintSha256, privateKey: strangerCert.keyPem } }).acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }));
    expect(e.code).toBe(700027);
    expect(e.message).toContain(strangerCert.thumbprintSha256);
    // the registered thumbprint, signed with another key
    const forged = await aadsts(emu.msalApp({ clientId: CERT_APP, clientCertificate: { thumbprintSha256: cert.thumbprintSha256, privateKey: strangerCert.keyPem } }).acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }));
    expect(forged.code).toBe(700027);
    expect(forged.message).toContain('signature');
  });

  it('refuses a certificate assertion for another audience (AADSTS700023)', async () => {
    const { SignJWT: Sign, importPKCS8 } = await import('jose');
    const key = await importPKCS8(cert.keyPem, 'RS256');
    const assertion = await new Sign({})
      .setProtectedHeader({ alg: 'RS256', x5t: Buffer.from(cert.thumbprintSha1, 'hex').toString('base64url') })
      .setIssuer(CERT_APP)
      .setSubject(CERT_APP)
      .setAudience('https://login.microsoftonline.com/common/oauth2/v2.0/token')
      .setIssuedAt()
      .setExpirationTime('5m')
      .setJti('x')
      .sign(key);
    const e = await aadsts(emu.msalApp({ clientId: CERT_APP, clientAssertion: assertion }).acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }));
    expect(e.code).toBe(700023);
  });

  it('accepts a federated assertion matching issuer, subject and audience; refuses others (AADSTS70021)', async () => {
    const ok = await emu.msalApp({ clientId: FED_APP, clientAssertion: async () => ghToken() }).acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
    expect(decodeJwt(ok!.accessToken)).toMatchObject({ appid: FED_APP, appidacr: '2' });
    const other = await aadsts(emu.msalApp({ clientId: FED_APP, clientAssertion: async () => ghToken({ sub: 'repo:contoso/cloudsync:pull_request' }) }).acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }));
    expect(other.code).toBe(70021);
    expect(other.error).toBe('invalid_request');
    expect(other.message).toContain("Assertion Subject: 'repo:contoso/cloudsync:pull_request'");
    // right claims, wrong signing key
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: 'gh-test' }).setIssuer(GH_ISSUER).setSubject(GH_SUBJECT).setAudience('api://AzureADTokenExchange').setIssuedAt().setExpirationTime('5m').sign(privateKey);
    expect((await aadsts(emu.msalApp({ clientId: FED_APP, clientAssertion: forged }).acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }))).code).toBe(700211);
  });
});

describe('device code', () => {
  it('polls authorization_pending until the sign-in completes, then returns user tokens', async () => {
    const pca = new PublicClientApplication({
      auth: { clientId: emu.info.clientId, authority: `${emu.info.authorityHost}/${emu.info.tenantId}`, knownAuthorities: [new URL(emu.info.authorityHost).host] },
      system: { networkClient: emu.networkClient },
    });
    let message = '';
    const result = await pca.acquireTokenByDeviceCode({
      scopes: ['https://graph.microsoft.com/.default'],
      deviceCodeCallback: (r) => {
        message = r.message;
        // a person would now open the page; the test completes it after a first pending poll
        setTimeout(() => {
          void rawRequest(`${emu.info.graphEndpoint}/_emulator/devicecode/complete`, emu.ca, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ user_code: r.userCode, userPrincipalName: 'operator@contoso.com', password: 'Operator-Pa55!' }),
          });
        }, 1200);
      },
    });
    expect(message).toMatch(new RegExp(`open the page ${emu.info.authorityHost}/devicelogin and enter the code [A-Z0-9]{9}`));
    expect(result!.account?.username).toBe('operator@contoso.com');
    expect(result!.account?.tenantId).toBe(emu.info.tenantId);
    const c = decodeJwt(result!.accessToken);
    expect(c).toMatchObject({ idtyp: 'user', upn: 'operator@contoso.com', appid: emu.info.clientId, tid: emu.info.tenantId });
    expect(String(c.scp).split(' ')).toContain('User.ReadWrite.All');
    expect(c.wids).toEqual(['8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2']);
    const me = await emu.graphClient({ getAccessToken: async () => result!.accessToken }).api('/me').get();
    expect(me.userPrincipalName).toBe('operator@contoso.com');
    // the cached account's token is found silently
    const silent = await pca.acquireTokenSilent({ account: result!.account!, scopes: ['https://graph.microsoft.com/.default'] });
    expect(silent.accessToken).toBe(result!.accessToken);
  });

  it('refuses a wrong password at the completion endpoint and the device login page', async () => {
    const start = await rawRequest(`${emu.info.authorityHost}/${emu.info.tenantId}/oauth2/v2.0/devicecode`, emu.ca, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: emu.info.clientId, scope: 'https://graph.microsoft.com/.default offline_access' }).toString(),
    });
    expect(Object.keys(start.json).sort()).toEqual(['device_code', 'expires_in', 'interval', 'message', 'user_code', 'verification_uri']);
    const poll = () =>
      rawRequest(`${emu.info.authorityHost}/${emu.info.tenantId}/oauth2/v2.0/token`, emu.ca, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: emu.info.clientId, device_code: start.json.device_code }).toString(),
      });
    expect((await poll()).json).toMatchObject({ error: 'authorization_pending', error_codes: [70016] });
    const wrong = await rawRequest(`${emu.info.graphEndpoint}/_emulator/devicecode/complete`, emu.ca, { method: 'POST', body: JSON.stringify({ user_code: start.json.user_code, userPrincipalName: 'operator@contoso.com', password: 'nope' }) });
    expect(wrong.status).toBe(401);
    const page = await rawRequest(`${emu.info.authorityHost}/devicelogin`, emu.ca, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ code: start.json.user_code, username: 'operator@contoso.com', password: 'Operator-Pa55!' }).toString(),
    });
    expect(page.status).toBe(200);
    const done = await poll();
    expect(done.json).toMatchObject({ token_type: 'Bearer' });
    expect(done.json.refresh_token).toBeTruthy();
    expect((await poll()).json.error).toBe('invalid_grant');
    const refreshed = await rawRequest(`${emu.info.authorityHost}/${emu.info.tenantId}/oauth2/v2.0/token`, emu.ca, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: emu.info.clientId, refresh_token: done.json.refresh_token }).toString(),
    });
    expect(decodeJwt(refreshed.json.access_token).upn).toBe('operator@contoso.com');
  });

  it('approves on the first poll with deviceCode.autoApprove', async () => {
    const auto = await startTestEmulator({ deviceCode: { intervalSeconds: 1, autoApprove: 'admin@contoso.onmicrosoft.com' } });
    try {
      const pca = new PublicClientApplication({
        auth: { clientId: auto.info.clientId, authority: `${auto.info.authorityHost}/organizations`, knownAuthorities: [new URL(auto.info.authorityHost).host] },
        system: { networkClient: auto.networkClient },
      });
      const r = await pca.acquireTokenByDeviceCode({ scopes: ['https://graph.microsoft.com/User.ReadWrite.All'], deviceCodeCallback: () => {} });
      const c = decodeJwt(r!.accessToken);
      expect(c).toMatchObject({ upn: 'admin@contoso.onmicrosoft.com', scp: 'User.ReadWrite.All' });
      expect(c.wids).toEqual(['62e90394-69f5-4237-9190-012177145e10']);
      const notConsented = await aadsts(pca.acquireTokenByDeviceCode({ scopes: ['https://graph.microsoft.com/Mail.Send'], deviceCodeCallback: () => {} }));
      // msal-node reports only the error code of a failed device-code poll (AADSTS65001 is in the body)
      expect(notConsented.message).toContain('invalid_grant');
    } finally {
      await auto.close();
    }
  });
});

/** Runs msal-node's ManagedIdentityApplication in a fresh process with the given environment. */
function managedIdentityToken(env: Record<string, string>): Promise<{ token?: string; source?: string; error?: string }> {
  const script = `
    import { ManagedIdentityApplication } from '@azure/msal-node';
    const app = new ManagedIdentityApplication({ system: { disableInternalRetries: true } });
    try {
      const r = await app.acquireToken({ resource: 'https://graph.microsoft.com' });
      console.log(JSON.stringify({ token: r.accessToken, source: app.getManagedIdentitySource() }));
    } catch (e) { console.log(JSON.stringify({ error: e.errorCode + ': ' + e.errorMessage })); }`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO, env: { PATH: process.env.PATH ?? '', NODE_EXTRA_CA_CERTS: emu.info.caCertFile, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    child.on('error', reject);
    child.on('close', () => {
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? ''));
      } catch {
        reject(new Error(`managed identity subprocess failed: ${out}${err}`));
      }
    });
  });
}

describe('managed identity', () => {
  it('App Service style: IDENTITY_ENDPOINT + IDENTITY_HEADER', async () => {
    const r = await managedIdentityToken({ IDENTITY_ENDPOINT: emu.managedIdentity.identityEndpoint, IDENTITY_HEADER: emu.managedIdentity.identityHeader });
    expect(r.error).toBeUndefined();
    expect(r.source).toBe('AppService');
    const c = decodeJwt(r.token!);
    expect(c).toMatchObject({ appid: emu.managedIdentity.clientId, oid: emu.managedIdentity.principalId, idtyp: 'app', aud: 'https://graph.microsoft.com' });
    expect((await emu.graphClient({ getAccessToken: async () => r.token! }).api('/organization').get()).value[0].id).toBe(emu.info.tenantId);
    const wrong = await managedIdentityToken({ IDENTITY_ENDPOINT: emu.managedIdentity.identityEndpoint, IDENTITY_HEADER: 'wrong' });
    expect(wrong.token).toBeUndefined();
  });

  it('IMDS style: AZURE_POD_IDENTITY_AUTHORITY_HOST, Metadata: true', async () => {
    const r = await managedIdentityToken({ AZURE_POD_IDENTITY_AUTHORITY_HOST: emu.managedIdentity.imdsAuthorityHost });
    expect(r.error).toBeUndefined();
    expect(['Imds', 'DefaultToImds']).toContain(r.source);
    expect(decodeJwt(r.token!).appid).toBe(emu.managedIdentity.clientId);
    const noHeader = await rawRequest(`${emu.info.authorityHost}/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://graph.microsoft.com`, emu.ca);
    expect(noHeader.status).toBe(400);
    expect(noHeader.json).toEqual({ error: 'invalid_request', error_description: 'Required metadata header not specified' });
  });
});
