/**
 * Assembles the support bundle: named text parts, each scrubbed of secrets, a README.txt that
 * lists what is inside and what could not be collected, then a final check of every entry's
 * bytes against the known secrets: an entry that still holds one is left out (and said so).
 */
import { findSecrets, scrub, secretNeedles } from './redact.js';
import { zip, type ZipEntry } from './zip.js';

export interface BundlePart {
  name: string;
  /** One line for the README. */
  about: string;
  text: string;
}

export interface BundleInput {
  parts: BundlePart[];
  /** What could not be collected, and why (one line each). */
  missing: string[];
  /** Secret values this process knows. */
  secrets: Iterable<string | undefined>;
  createdAt?: Date;
  header?: string;
}

export interface Bundle {
  bytes: Uint8Array;
  entries: string[];
  missing: string[];
}

export function buildBundle(input: BundleInput): Bundle {
  const needles = secretNeedles(input.secrets);
  const enc = new TextEncoder();
  const missing = [...input.missing];
  const entries: ZipEntry[] = [];
  const listed: BundlePart[] = [];
  for (const p of input.parts) {
    const data = enc.encode(scrub(p.text, needles));
    if (findSecrets(data, needles).length > 0) {
      missing.push(`${p.name}: left out, it still held a secret after redaction`);
      continue;
    }
    entries.push({ name: p.name, data });
    listed.push(p);
  }
  const created = input.createdAt ?? new Date();
  const readme = [
    input.header ?? 'cloudsync support bundle',
    `created ${created.toISOString()}`,
    '',
    'Secrets (passwords, client secrets, certificate keys, tokens) were removed from every file.',
    '',
    'Inside:',
    ...listed.map((p) => `  ${p.name}  ${p.about}`),
    '',
    missing.length === 0 ? 'Everything asked for was collected.' : 'Not collected:',
    ...missing.map((m) => `  ${m}`),
    '',
  ].join('\n');
  entries.unshift({ name: 'README.txt', data: enc.encode(scrub(readme, needles)) });
  return { bytes: zip(entries, created), entries: entries.map((e) => e.name), missing };
}
