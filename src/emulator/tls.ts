import 'reflect-metadata'; // @peculiar/x509 (through tsyringe) needs the Reflect metadata API
import { randomBytes, webcrypto, X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';

/**
 * The emulator's own test CA and its HTTPS server certificate (ECDSA P-256: fast to generate).
 * The CA is kept in the emulator state so a restarted emulator (--state) is still trusted by
 * clients that were given the CA file before.
 */
export interface PemPair {
  certPem: string;
  keyPem: string;
}

// Node's WebCrypto; the DOM lib types are not in this project's lib, hence the casts below.
x509.cryptoProvider.set(webcrypto as never);
const subtle = webcrypto.subtle;
type KeyPair = webcrypto.CryptoKeyPair;
const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY = 86_400_000;

const serial = (): string => {
  const b = randomBytes(16);
  b[0] = b[0]! & 0x7f; // positive INTEGER
  return b.toString('hex');
};

async function keyPem(key: webcrypto.CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

export async function createCa(): Promise<PemPair> {
  const keys = (await subtle.generateKey(EC, true, ['sign', 'verify'])) as KeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serial(),
      name: 'CN=cloudsync emulator test CA, O=cloudsync',
      notBefore: new Date(now - DAY),
      notAfter: new Date(now + 3650 * DAY),
      keys: keys as never,
      signingAlgorithm: SIGNING,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey as never),
      ],
    },
  );
  return { certPem: cert.toString('pem'), keyPem: await keyPem(keys.privateKey) };
}

/** A server certificate for localhost, 127.0.0.1 and ::1, signed by the CA. */
export async function createServerCert(ca: PemPair): Promise<PemPair> {
  const caCert = new x509.X509Certificate(ca.certPem);
  const caKey = await subtle.importKey('pkcs8', x509.PemConverter.decodeFirst(ca.keyPem), EC, false, ['sign']);
  const keys = (await subtle.generateKey(EC, true, ['sign', 'verify'])) as KeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serial(),
      subject: 'CN=localhost',
      issuer: caCert.subject,
      notBefore: new Date(now - DAY),
      notAfter: new Date(now + 365 * DAY),
      publicKey: keys.publicKey as never,
      signingKey: caKey as never,
      signingAlgorithm: SIGNING,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension([
          { type: 'dns', value: 'localhost' },
          { type: 'ip', value: '127.0.0.1' },
          { type: 'ip', value: '::1' },
        ]),
        await x509.AuthorityKeyIdentifierExtension.create(caCert),
      ],
    },
  );
  return { certPem: cert.toString('pem'), keyPem: await keyPem(keys.privateKey) };
}

export interface ClientCertificate extends PemPair {
  /** Hex, upper case, as the Entra portal shows them. */
  thumbprintSha1: string;
  thumbprintSha256: string;
}

/**
 * A self-signed RSA certificate for certificate-credential sign-in (register `certPem` on an app
 * in the seed; give msal-node `keyPem` and a thumbprint). For tests and for trying it out.
 */
export async function createClientCertificate(commonName = 'cloudsync client'): Promise<ClientCertificate> {
  const alg = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
  const keys = (await subtle.generateKey(alg, true, ['sign', 'verify'])) as KeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${commonName}`,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 365 * DAY),
    keys: keys as never,
    signingAlgorithm: alg,
  });
  const certPem = cert.toString('pem');
  return { certPem, keyPem: await keyPem(keys.privateKey), ...thumbprints(certPem) };
}

export function thumbprints(certPem: string): { thumbprintSha1: string; thumbprintSha256: string } {
  const c = new X509Certificate(certPem);
  return { thumbprintSha1: c.fingerprint.replaceAll(':', ''), thumbprintSha256: c.fingerprint256.replaceAll(':', '') };
}
