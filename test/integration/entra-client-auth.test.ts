/**
 * Every auth method of EntraClient end to end against the emulator, with the real msal-node and
 * Graph client. The emulator's CA is trusted through the client's `fetch` option (the running
 * test process cannot take NODE_EXTRA_CA_CERTS any more); entra-client-graph.test.ts also runs the
 * default global-fetch path in a subprocess with NODE_EXTRA_CA_CERTS.
 */
import { createPrivateKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, exportJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveEntraSettings, type EntraSettings } from '../../src/config/entra.js';
import { EntraClient, logout, type EntraHooks } from '../../src/directory/entra/index.js';
import { createClientCertificate, type ClientCertificate } from '../../src/emulator/index.js';
import { createServerCert } from '../../src/emulator/tls.js';
import { CloudsyncError } from '../../src/errors.js';
import { caFetch, startTestEmulator, type TestEmulator } from '../support/emulator.js';

const dir = mkdtempSync(join(tmpdir(), 'cs-entra-auth-'));
const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
const GITHUB_SUBJECT = 'repo:contoso/identity-sync:environment:production';
const ADO_ISSUER = 'https://vstoken.dev.azure.com/0f8b5d0e-1111-2222-3333-444444444444';
const ADO_SUBJECT = 'sc://contoso/identity/cloudsync-connection';
const K8S_ISSUER = 'https://oidc.prod-aks.azure.com/abc/';
const K8S_SUBJECT = 'system:serviceaccount:sync:cloudsync';


const certApp = randomUUID();
const fedApp = randomUUID();
const disabledApp = randomUUID();
const userAssigned = randomUUID();

let emu: TestEmulator;
let fetchImpl: typeof fetch;
let cert: ClientCertificate;
let stranger: ClientCertificate;
const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** A JWT as an external identity provider (Kubernetes, GitHub, Azure DevOps) would issue it. */
function externalToken(iss: string, sub: string, lifetimeSeconds = 600): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(iss)
    .setSubject(sub)
    .setAudience('api://AzureADTokenExchange')
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + lifetimeSeconds)
    .sign(signingKey.privateKey);
}

async function settingsFor(env: Record<string, string>, flags = {}): Promise<EntraSettings> {
  const base = { ...emu.env, HOME: dir };
  delete (base as Record<string, string>).AZURE_CLIENT_SECRET;
  const s = await resolveEntraSettings(flags, { ...base, CLOUDSYNC_TOKEN_CACHE: join(dir, `cache-${randomUUID()}.json`), ...env }, undefined, dir);
  return s!;
}

function connect(s: EntraSettings, hooks: EntraHooks = {}): Promise<EntraClient> {
  return EntraClient.create(s, hooks, { fetch: fetchImpl, msalRetries: false });
}

/** Signs in, reads the organization (a Graph call with the token) and returns the token's claims. */
async function signInAndRead(s: EntraSettings, hooks: EntraHooks = {}) {
  const c = await connect(s, hooks);
  const org = await c.organization();
  expect(org.id).toBe(emu.info.tenantId);
  return c.token();
}

function failure(p: Promise<unknown>): Promise<CloudsyncError> {
  return p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => {
      expect(e).toBeInstanceOf(CloudsyncError);
      return e as CloudsyncError;
    },
  );
}

beforeAll(async () => {
  [cert, stranger] = await Promise.all([createClientCertificate('cloudsync-ci'), createClientCertificate('not-registered')]);
  const jwk = { ...(await exportJWK(signingKey.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const fic = (issuer: string, subject: string) => ({ issuer, subject, jwks: { keys: [jwk] } });
  emu = await startTestEmulator({
    deviceCode: { intervalSeconds: 1 },
    seed: {
      apps: [
        { clientId: certApp, displayName: 'cert app', roles: ['Organization.Read.All', 'User.Read.All'], certificates: [cert.certPem] },
        {
          clientId: fedApp,
          displayName: 'federated app',
          roles: ['Organization.Read.All'],
          federatedCredentials: [fic(K8S_ISSUER, K8S_SUBJECT), fic(GITHUB_ISSUER, GITHUB_SUBJECT), fic(ADO_ISSUER, ADO_SUBJECT)],
        },
        { clientId: disabledApp, displayName: 'disabled app', secrets: ['disabled-secret'], disabled: true },
      ],
      managedIdentities: [{ clientId: userAssigned, displayName: 'sync-uami', type: 'UserAssigned', roles: ['Organization.Read.All'] }],
    },
  });
  fetchImpl = caFetch(emu.ca);
});
afterAll(async () => {
  await emu?.close();
});

describe('client secret', () => {
  it('signs in and carries the app roles', async () => {
    const s = await settingsFor({ AZURE_CLIENT_SECRET: emu.info.clientSecret });
    expect(s.method).toBe('secret');
    const t = await signInAndRead(s);
    expect(t).toMatchObject({ tenantId: emu.info.tenantId, appId: emu.info.clientId });
    expect(t.roles).toContain('User.ReadWrite.All');
    expect(t.expiresOn.getTime()).toBeGreaterThan(Date.now());
  });

  it('a wrong secret fails with one line and no secret in it', async () => {
    const s = await settingsFor({ AZURE_CLIENT_SECRET: 'wrong-Secret~123' });
    const e = await failure(signInAndRead(s));
    expect(e.kind).toBe('auth');
    expect(e.message).toMatch(/^the client secret is wrong \(AADSTS7000215\): check AZURE_CLIENT_SECRET/);
    expect(`${e.message} ${e.detail}`).not.toContain('wrong-Secret~123');
  });

  it('names the fix for an unknown tenant, an unknown app and a disabled app', async () => {
    const tenant = await failure(signInAndRead(await settingsFor({ AZURE_CLIENT_SECRET: 'x', AZURE_TENANT_ID: 'nosuch.onmicrosoft.com' })));
    expect(tenant.message).toMatch(/tenant "nosuch\.onmicrosoft\.com" not found \(AADSTS90002\): check AZURE_TENANT_ID/);
    const app = await failure(signInAndRead(await settingsFor({ AZURE_CLIENT_SECRET: 'x', AZURE_CLIENT_ID: randomUUID() })));
    expect(app.message).toMatch(/application [0-9a-f-]+ not found in tenant .* \(AADSTS700016\): check AZURE_CLIENT_ID/);
    const disabled = await failure(signInAndRead(await settingsFor({ AZURE_CLIENT_SECRET: 'disabled-secret', AZURE_CLIENT_ID: disabledApp })));
    expect(disabled.message).toMatch(/is disabled \(AADSTS7000112\): enable its service principal/);
  });

  it('an unreachable authority is a connect error naming it; nothing else is called', async () => {
    const dead = createHttpServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((r) => dead.close(() => r()));
    const seen: string[] = [];
    const spy: typeof fetch = (input, init) => {
      seen.push(String(input));
      return fetchImpl(input, init);
    };
    const s = await settingsFor({ AZURE_CLIENT_SECRET: 'x', AZURE_AUTHORITY_HOST: `https://127.0.0.1:${port}` });
    const c = await EntraClient.create(s, {}, { fetch: spy, msalRetries: false });
    const e = await failure(c.organization());
    expect(e.kind).toBe('connect');
    expect(e.message).toBe(`cannot reach the authority 127.0.0.1:${port} (ECONNREFUSED): check the network, proxy and AZURE_AUTHORITY_HOST`);
    // knownAuthorities: msal never asks login.microsoftonline.com for instance discovery.
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((u) => u.startsWith(`https://127.0.0.1:${port}/`))).toBe(true);
  });
});

describe('certificate', () => {
  it('signs with a registered certificate from a PEM file holding certificate and key', async () => {
    const file = join(dir, 'ci-cert.pem');
    writeFileSync(file, `${cert.keyPem}\n${cert.certPem}`);
    const s = await settingsFor({ AZURE_CLIENT_ID: certApp, AZURE_CLIENT_CERTIFICATE_PATH: file });
    expect(s.method).toBe('certificate');
    expect((await signInAndRead(s)).appId).toBe(certApp);
  });

  it('decrypts a password-protected key', async () => {
    const encrypted = createPrivateKey(cert.keyPem).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'k3y-pass' });
    const file = join(dir, 'ci-cert-enc.pem');
    writeFileSync(file, `${cert.certPem}\n${encrypted.toString()}`);
    const s = await settingsFor({ AZURE_CLIENT_ID: certApp, AZURE_CLIENT_CERTIFICATE_PATH: file, AZURE_CLIENT_CERTIFICATE_PASSWORD: 'k3y-pass' });
    expect((await signInAndRead(s)).appId).toBe(certApp);
    const wrong = await settingsFor({ AZURE_CLIENT_ID: certApp, AZURE_CLIENT_CERTIFICATE_PATH: file, AZURE_CLIENT_CERTIFICATE_PASSWORD: 'nope' });
    const e = await failure(connect(wrong));
    expect(e.message).toMatch(/cannot decrypt the private key in ".*ci-cert-enc\.pem": check AZURE_CLIENT_CERTIFICATE_PASSWORD/);
  });

  it('an unregistered certificate fails naming its thumbprint and the fix', async () => {
    const file = join(dir, 'stranger.pem');
    writeFileSync(file, `${stranger.certPem}\n${stranger.keyPem}`);
    const s = await settingsFor({ AZURE_CLIENT_ID: certApp, AZURE_CLIENT_CERTIFICATE_PATH: file });
    const e = await failure(signInAndRead(s));
    expect(e.message).toBe(
      `the certificate (thumbprint ${stranger.thumbprintSha1}) is not registered for app ${certApp} (AADSTS700027): upload ${file} (public part) under Certificates & secrets of the app registration`,
    );
  });
});

describe('workload identity federation', () => {
  it('reads AZURE_FEDERATED_TOKEN_FILE on each sign-in', async () => {
    const file = join(dir, 'azure-identity-token');
    writeFileSync(file, await externalToken(K8S_ISSUER, K8S_SUBJECT));
    const s = await settingsFor({ AZURE_CLIENT_ID: fedApp, AZURE_FEDERATED_TOKEN_FILE: file });
    expect(s.method).toBe('federated');
    expect((await signInAndRead(s)).appId).toBe(fedApp);
  });

  it('a subject mismatch says what the federated credential must contain', async () => {
    const file = join(dir, 'wrong-subject-token');
    writeFileSync(file, await externalToken(K8S_ISSUER, 'system:serviceaccount:other:app'));
    const e = await failure(signInAndRead(await settingsFor({ AZURE_CLIENT_ID: fedApp, AZURE_FEDERATED_TOKEN_FILE: file })));
    expect(e.message).toMatch(/no federated credential of app .* matches the token \(AADSTS70021\): the federated credential's subject must be exactly the token's subject/);
    expect(e.message).toContain("subject 'system:serviceaccount:other:app'");
    expect(e.detail ?? '').not.toMatch(/eyJ/); // no JWT in the detail either
  });

  it('a missing token file is a config error naming the variable', async () => {
    const e = await failure(signInAndRead(await settingsFor({ AZURE_CLIENT_ID: fedApp, AZURE_FEDERATED_TOKEN_FILE: join(dir, 'absent') })));
    expect(e.kind).toBe('config');
    expect(e.message).toMatch(/AZURE_FEDERATED_TOKEN_FILE.*ENOENT/);
  });

  describe('CI OIDC endpoints (a local HTTPS stand-in for GitHub Actions and Azure DevOps)', () => {
    let server: Server;
    let origin: string;
    const calls: { method: string; url: string; auth: string | undefined }[] = [];
    beforeAll(async () => {
      const tls = await createServerCert(emu.state.ca);
      server = createServer({ key: tls.keyPem, cert: tls.certPem }, async (req, res) => {
        calls.push({ method: req.method!, url: req.url!, auth: req.headers.authorization });
        const gh = req.url!.startsWith('/gh');
        const expected = gh ? 'Bearer gh-request-token' : 'Bearer ado-access-token';
        if (req.headers.authorization !== expected) return res.writeHead(401).end('{"message":"Bad credentials"}');
        const token = gh ? await externalToken(GITHUB_ISSUER, GITHUB_SUBJECT) : await externalToken(ADO_ISSUER, ADO_SUBJECT);
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(gh ? { count: 1, value: token } : { oidcToken: token }));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('GitHub Actions', async () => {
      const s = await settingsFor({ AZURE_CLIENT_ID: fedApp, ACTIONS_ID_TOKEN_REQUEST_URL: `${origin}/gh?api-version=2.0`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'gh-request-token' });
      expect(s.method).toBe('github-oidc');
      expect((await signInAndRead(s)).appId).toBe(fedApp);
      expect(calls.at(-1)).toMatchObject({ method: 'GET', url: '/gh?api-version=2.0&audience=api%3A%2F%2FAzureADTokenExchange' });
    });

    it('GitHub Actions without id-token permission', async () => {
      const s = await settingsFor({ AZURE_CLIENT_ID: fedApp, ACTIONS_ID_TOKEN_REQUEST_URL: `${origin}/gh?api-version=2.0`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'stale' });
      const e = await failure(signInAndRead(s));
      expect(e.message).toMatch(/GitHub Actions OIDC endpoint 127\.0\.0\.1:\d+ refused the token request \(HTTP 401\): give the workflow job "permissions: id-token: write"/);
    });

    it('Azure DevOps', async () => {
      const s = await settingsFor({
        AZURE_CLIENT_ID: fedApp,
        SYSTEM_OIDCREQUESTURI: `${origin}/ado/oidctoken`,
        SYSTEM_ACCESSTOKEN: 'ado-access-token',
        AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: 'sc-42',
      });
      expect(s.method).toBe('azure-devops-oidc');
      expect((await signInAndRead(s)).appId).toBe(fedApp);
      expect(calls.at(-1)).toMatchObject({ method: 'POST', url: '/ado/oidctoken?api-version=7.1&serviceConnectionId=sc-42' });
    });
  });
});

describe('managed identity', () => {
  const saved: Record<string, string | undefined> = {};
  beforeAll(() => {
    // msal reads the App Service variables from the process environment itself.
    for (const k of ['IDENTITY_ENDPOINT', 'IDENTITY_HEADER']) saved[k] = process.env[k];
    process.env.IDENTITY_ENDPOINT = emu.managedIdentity.identityEndpoint;
    process.env.IDENTITY_HEADER = emu.managedIdentity.identityHeader;
  });
  afterAll(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('system-assigned (no client id)', async () => {
    const s = await settingsFor({ AZURE_CLIENT_ID: '', IDENTITY_ENDPOINT: emu.managedIdentity.identityEndpoint });
    expect(s).toMatchObject({ method: 'managed-identity' });
    expect(s.managedIdentityClientId).toBeUndefined();
    expect((await signInAndRead(s)).appId).toBe(emu.managedIdentity.clientId);
  });

  it('user-assigned (AZURE_CLIENT_ID)', async () => {
    const s = await settingsFor({ AZURE_CLIENT_ID: userAssigned, IDENTITY_ENDPOINT: emu.managedIdentity.identityEndpoint });
    expect(s.managedIdentityClientId).toBe(userAssigned);
    expect((await signInAndRead(s)).appId).toBe(userAssigned);
  });
});

describe('device code with a persistent token cache', () => {
  it('signs in once, caches owner-only, reuses the cache silently, and logout clears it', async () => {
    const cachePath = join(dir, 'device', 'cloudsync', 'token-cache.json');
    const s = await settingsFor({ CLOUDSYNC_TOKEN_CACHE: cachePath });
    expect(s.method).toBe('device-code');
    const messages: string[] = [];
    const hooks: EntraHooks = {
      onDeviceCode: (m) => {
        messages.push(m);
        // The administrator signs in at the emulator's page; the test completes it directly.
        const code = /enter the code (\S+)/.exec(m)![1]!;
        void emu.request('/_emulator/devicecode/complete', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user_code: code }) });
      },
    };
    const first = await signInAndRead(s, hooks);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/devicelogin/);
    expect(first.scopes.length).toBeGreaterThan(0);
    expect(first.roles).toEqual([]);
    if (process.platform !== 'win32') expect(statSync(cachePath).mode & 0o777).toBe(0o600);

    // A later run: silent, from the cache (the refresh token), no device code.
    const again = await connect(s, { onDeviceCode: () => messages.push('asked again') });
    await again.organization();
    expect(messages).toHaveLength(1);

    expect(await logout(s)).toBe(true);
    expect(existsSync(cachePath)).toBe(false);
    // With no cache and no way to show a code (not a terminal), it says what to configure instead.
    const e = await failure((await connect(s)).organization());
    expect(e.message).toMatch(/no Entra credentials for a non-interactive run: set AZURE_CLIENT_SECRET/);
  });
});
