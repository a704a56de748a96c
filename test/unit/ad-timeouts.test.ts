/**
 * Connect and operation timeouts, and failover past a silent server, against a local TCP server
 * that accepts connections and never answers (no DC needed).
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdDirectory } from '../../src/directory/ad/index.js';
import { CloudsyncError } from '../../src/errors.js';

let server: Server;
let port: number;
const sockets = new Set<Socket>();

beforeAll(async () => {
  server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function failure(p: Promise<unknown>): Promise<CloudsyncError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(CloudsyncError);
    return err as CloudsyncError;
  }
  throw new Error('expected a failure');
}

describe('timeouts', () => {
  it('gives up on a TLS handshake that never completes after the connect timeout', async () => {
    const started = Date.now();
    const err = await failure(
      AdDirectory.connect({ urls: [`ldaps://127.0.0.1:${port}`], bindDn: 'u@x', password: 'p', connectTimeoutMs: 300 }),
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect(err.kind).toBe('connect');
    expect(err.message).toContain(`127.0.0.1 port ${port}`);
    expect(err.message).toContain('timed out after 0.3 s');
  });

  it('gives up on a StartTLS request that is never answered', async () => {
    const err = await failure(
      AdDirectory.connect({ urls: [`ldap://127.0.0.1:${port}`], startTls: true, bindDn: 'u@x', password: 'p', connectTimeoutMs: 300 }),
    );
    expect(err.kind).toBe('connect');
    expect(err.message).toContain('timed out');
  });

  it('gives up on an operation that is never answered after the operation timeout', async () => {
    // Anonymous over plain LDAP: the rootDSE read is the first request.
    const err = await failure(AdDirectory.connect({ urls: [`ldap://127.0.0.1:${port}`], timeoutMs: 300 }));
    expect(err.kind).toBe('connect');
    expect(err.message).toContain('got no answer after 0.3 s');
    expect(err.message).toContain('--timeout');
  });

  it('moves past a silent DC to the next URL, with a warning', async () => {
    const warnings: string[] = [];
    const err = await failure(
      AdDirectory.connect(
        { urls: [`ldaps://127.0.0.1:${port}`, 'ldaps://127.0.0.1:1'], bindDn: 'u@x', password: 'p', connectTimeoutMs: 300 },
        { onWarning: (m) => warnings.push(m) },
      ),
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('timed out');
    expect(warnings[0]).toContain('trying ldaps://127.0.0.1:1');
    expect(err.message).toContain('2 URLs tried');
    expect(err.message).toContain('ECONNREFUSED');
  });
});
