import { execFileSync } from 'node:child_process';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { azureDevOpsToken, githubToken, readTokenFile } from '../../src/directory/entra/assertions.js';
import { loadClientCertificate, parseClientCertificate } from '../../src/directory/entra/certificate.js';
import { fileCachePlugin, logout, writeCacheFile } from '../../src/directory/entra/token-cache.js';

const dir = mkdtempSync(join(tmpdir(), 'cs-entra-cred-'));
const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const posix = process.platform !== 'win32';

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

describe.skipIf(!hasOpenssl)('client certificate (PEM with key)', () => {
  let leafPem: string;
  let keyPem: string;
  let caPem: string;
  beforeAll(() => {
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Test CA');
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'app.key', '-out', 'app.csr', '-subj', '/CN=cloudsync-app');
    openssl('x509', '-req', '-in', 'app.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'app.pem', '-days', '2');
    openssl('pkcs8', '-topk8', '-in', 'app.key', '-out', 'app.enc.key', '-passout', 'pass:pfx-pass', '-v2', 'aes-256-cbc');
    leafPem = readFileSync(join(dir, 'app.pem'), 'utf8');
    keyPem = readFileSync(join(dir, 'app.key'), 'utf8');
    caPem = readFileSync(join(dir, 'ca.pem'), 'utf8');
  });

  it('finds the leaf by its key wherever it is, and gives SHA-256/SHA-1 thumbprints, PKCS#8 key and x5c chain', async () => {
    // The CA comes first in the file: the leaf must still lead the x5c chain.
    writeFileSync(join(dir, 'bundle.pem'), `${caPem}\n${keyPem}\n${leafPem}`);
    const c = await loadClientCertificate(join(dir, 'bundle.pem'));
    const leaf = new X509Certificate(leafPem);
    expect(c.thumbprintSha256).toBe(leaf.fingerprint256.replace(/:/g, '').toLowerCase());
    expect(c.thumbprintSha1).toBe(leaf.fingerprint.replace(/:/g, ''));
    expect(c.privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const chain = c.x5c.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)!;
    expect(chain.map((p) => new X509Certificate(p).subject)).toEqual(['CN=cloudsync-app', 'CN=Test CA']);
    expect(c.notAfter.getTime()).toBeGreaterThan(Date.now());
  });

  it('decrypts a password-protected key, and says which setting is wrong when it cannot', () => {
    const enc = readFileSync(join(dir, 'app.enc.key'), 'utf8');
    const pem = `${leafPem}\n${enc}`;
    const c = parseClientCertificate(pem, 'enc.pem', 'pfx-pass');
    expect(createPrivateKey(c.privateKey).asymmetricKeyType).toBe('rsa');
    expect(() => parseClientCertificate(pem, 'enc.pem')).toThrow(/"enc\.pem" is encrypted: set AZURE_CLIENT_CERTIFICATE_PASSWORD/);
    const wrong = (() => {
      try {
        parseClientCertificate(pem, 'enc.pem', 'nope');
      } catch (e) {
        return e as Error;
      }
    })();
    expect(wrong?.message).toBe('cannot decrypt the private key in "enc.pem": check AZURE_CLIENT_CERTIFICATE_PASSWORD');
    expect(wrong?.message).not.toContain('nope');
  });

  it('explains what the file lacks', () => {
    expect(() => parseClientCertificate(leafPem, 'cert-only.pem')).toThrow(/holds no private key: it must be a PEM file with the certificate and its private key/);
    expect(() => parseClientCertificate(keyPem, 'key-only.pem')).toThrow(/holds no certificate/);
    expect(() => parseClientCertificate(`${caPem}\n${keyPem}`, 'mismatch.pem')).toThrow(/does not belong to any certificate/);
    expect(() => parseClientCertificate('\u0030\u0082binary', 'app.pfx')).toThrow(/openssl pkcs12 -in app\.pfx -out cert\.pem -nodes/);
  });
});

describe('device-code token cache file', () => {
  it.skipIf(!posix)('is written atomically, owner-only (dir 0700, file 0600)', async () => {
    const path = join(dir, 'cfg', 'cloudsync', 'token-cache.json');
    await writeCacheFile(path, '{"Account":{}}');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'cfg', 'cloudsync')).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(dir, 'cfg', 'cloudsync'))).toEqual(['token-cache.json']);
    await writeCacheFile(path, '{"Account":{"a":1}}');
    expect(readFileSync(path, 'utf8')).toBe('{"Account":{"a":1}}');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('loads before msal reads, saves only when msal changed it, and tolerates a damaged file', async () => {
    const path = join(dir, 'plugin', 'cache.json');
    const plugin = fileCachePlugin(path);
    const loaded: string[] = [];
    const context = (changed: boolean, serialized = '{"x":1}') => ({
      cacheHasChanged: changed,
      tokenCache: { deserialize: (s: string) => loaded.push(s), serialize: () => serialized },
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    type Ctx = any;
    await plugin.beforeCacheAccess(context(false) as Ctx);
    expect(loaded).toEqual([]);
    await plugin.afterCacheAccess(context(false) as Ctx);
    expect(existsSync(path)).toBe(false);
    await plugin.afterCacheAccess(context(true, '{"saved":true}') as Ctx);
    await plugin.beforeCacheAccess(context(false) as Ctx);
    expect(loaded).toEqual(['{"saved":true}']);
    writeFileSync(path, '{ damaged');
    await plugin.beforeCacheAccess(context(false) as Ctx);
    expect(loaded).toHaveLength(1);
  });

  it('logout deletes it and says whether there was one', async () => {
    const path = join(dir, 'logout', 'token-cache.json');
    await writeCacheFile(path, '{}');
    expect(await logout({ tokenCachePath: path })).toBe(true);
    expect(existsSync(path)).toBe(false);
    expect(await logout({ tokenCachePath: path })).toBe(false);
  });
});

describe('federated assertions', () => {
  it('re-reads the token file on every call (Kubernetes rotates it)', async () => {
    const file = join(dir, 'azure-identity-token');
    writeFileSync(file, 'jwt-one\n');
    expect(await readTokenFile(file)).toBe('jwt-one');
    writeFileSync(file, 'jwt-two');
    expect(await readTokenFile(file)).toBe('jwt-two');
    writeFileSync(file, '  \n');
    await expect(readTokenFile(file)).rejects.toThrow(/is empty/);
    await expect(readTokenFile(join(dir, 'missing'))).rejects.toThrow(/cannot read the federated token file .*AZURE_FEDERATED_TOKEN_FILE.*ENOENT/);
  });

  describe('CI OIDC endpoints', () => {
    let server: Server;
    let origin: string;
    const requests: { method: string; url: string; auth?: string; type?: string }[] = [];
    let status = 200;
    beforeAll(async () => {
      server = createServer((req: IncomingMessage, res) => {
        requests.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, type: req.headers['content-type'] });
        if (status === -1) {
          // The answer breaks off after its status line.
          res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
          return res.write('{"value":"gh-', () => res.socket?.destroy());
        }
        res.writeHead(status, { 'Content-Type': 'application/json' });
        if (status !== 200) return res.end('{"message":"Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable"}');
        res.end(req.url!.startsWith('/gh') ? '{"value":"gh-jwt","count":1}' : '{"oidcToken":"ado-jwt"}');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('GitHub Actions: GET with the request token and the Entra audience', async () => {
      status = 200;
      expect(await githubToken(`${origin}/gh/token?api-version=2.0`, 'gh-request-token')).toBe('gh-jwt');
      expect(requests.at(-1)).toMatchObject({ method: 'GET', url: '/gh/token?api-version=2.0&audience=api%3A%2F%2FAzureADTokenExchange', auth: 'Bearer gh-request-token' });
    });

    it('Azure DevOps: POST with api-version 7.1, the service connection and SYSTEM_ACCESSTOKEN', async () => {
      status = 200;
      expect(await azureDevOpsToken(`${origin}/ado/oidctoken`, 'ado-access', 'sc-123')).toBe('ado-jwt');
      expect(requests.at(-1)).toMatchObject({
        method: 'POST',
        url: '/ado/oidctoken?api-version=7.1&serviceConnectionId=sc-123',
        auth: 'Bearer ado-access',
        type: 'application/json',
      });
    });

    it('an answer that breaks off is a connection failure, said in one line', async () => {
      status = -1;
      const e = (await githubToken(`${origin}/gh/token`, 'gh-request-token').catch((x: unknown) => x)) as Error & { kind: string };
      status = 200;
      expect(e.kind).toBe('connect');
      expect(e.message).toMatch(/^the connection to the GitHub Actions OIDC endpoint 127\.0\.0\.1:\d+ broke in the middle of its answer \(HTTP 200\): run again$/);
    });

    it('a refusal says what to fix and never shows the bearer', async () => {
      status = 403;
      const e = (await githubToken(`${origin}/gh/token`, 'gh-request-token').catch((x: unknown) => x)) as Error & { kind: string };
      expect(e.kind).toBe('auth');
      expect(e.message).toMatch(/refused the token request \(HTTP 403\): give the workflow job "permissions: id-token: write"/);
      expect(JSON.stringify({ m: e.message, d: (e as { detail?: string }).detail })).not.toContain('gh-request-token');
      status = 200;
    });
  });
});
