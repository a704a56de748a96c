import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { CloudsyncError } from '../../errors.js';

/** What msal's clientCertificate needs, plus the SHA-1 thumbprint the Entra portal shows. */
export interface ClientCertificate {
  /** Hex SHA-256 thumbprint of the leaf certificate (msal signs PS256 with x5t#S256). */
  thumbprintSha256: string;
  /** Upper-case hex SHA-1 thumbprint, for messages (the portal lists certificates by it). */
  thumbprintSha1: string;
  /** Unencrypted PKCS#8 PEM. */
  privateKey: string;
  /** PEM chain, leaf first: sent as x5c (needed for subject-name/issuer authentication). */
  x5c: string;
  notAfter: Date;
}

const CERT_RE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const KEY_RE = /-----BEGIN (?:(?:RSA|EC|ENCRYPTED) )?PRIVATE KEY-----[\s\S]+?-----END (?:(?:RSA|EC|ENCRYPTED) )?PRIVATE KEY-----/;

/**
 * Reads a PEM file holding the certificate (and optionally its chain) and the private key, as
 * AZURE_CLIENT_CERTIFICATE_PATH requires. Encrypted keys are decrypted with the password.
 */
export async function loadClientCertificate(path: string, password?: string): Promise<ClientCertificate> {
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (e) {
    throw new CloudsyncError('config', `cannot read the certificate file "${path}": ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  return parseClientCertificate(pem, path, password);
}

export function parseClientCertificate(pem: string, path: string, password?: string): ClientCertificate {
  if (/\.(pfx|p12)$/i.test(path) || (!pem.includes('-----BEGIN') && pem.length > 0)) {
    throw new CloudsyncError(
      'config',
      `"${path}" is not a PEM file: convert it with "openssl pkcs12 -in ${path} -out cert.pem -nodes" (certificate and private key in one PEM)`,
    );
  }
  const certs = pem.match(CERT_RE) ?? [];
  if (certs.length === 0) throw new CloudsyncError('config', `"${path}" holds no certificate: it must be a PEM file with the certificate and its private key`);
  const keyPem = KEY_RE.exec(pem)?.[0];
  if (keyPem === undefined) throw new CloudsyncError('config', `"${path}" holds no private key: it must be a PEM file with the certificate and its private key`);

  let key: KeyObject;
  try {
    key = createPrivateKey(password === undefined ? { key: keyPem } : { key: keyPem, passphrase: password });
  } catch (e) {
    const encrypted = keyPem.includes('ENCRYPTED') || /Proc-Type: 4,ENCRYPTED/.test(keyPem);
    if (encrypted) {
      throw new CloudsyncError(
        'config',
        password === undefined
          ? `the private key in "${path}" is encrypted: set AZURE_CLIENT_CERTIFICATE_PASSWORD`
          : `cannot decrypt the private key in "${path}": check AZURE_CLIENT_CERTIFICATE_PASSWORD`,
        { cause: e },
      );
    }
    throw new CloudsyncError('config', `cannot read the private key in "${path}": ${(e as Error).message}`, { cause: e });
  }

  const parsed = certs.map((c) => {
    try {
      return { pem: c, x509: new X509Certificate(c) };
    } catch (e) {
      throw new CloudsyncError('config', `cannot parse a certificate in "${path}": ${(e as Error).message}`, { cause: e });
    }
  });
  // The leaf is the certificate whose public key matches the private key, wherever it sits in the file.
  const leafIndex = parsed.findIndex((c) => c.x509.checkPrivateKey(key));
  if (leafIndex === -1) throw new CloudsyncError('config', `the private key in "${path}" does not belong to any certificate in the file`);
  const leaf = parsed[leafIndex]!;
  const chain = [leaf, ...parsed.filter((_, i) => i !== leafIndex)];
  return {
    thumbprintSha256: leaf.x509.fingerprint256.replace(/:/g, '').toLowerCase(),
    thumbprintSha1: leaf.x509.fingerprint.replace(/:/g, '').toUpperCase(),
    privateKey: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    x5c: chain.map((c) => c.pem).join('\n'),
    notAfter: new Date(leaf.x509.validTo),
  };
}
