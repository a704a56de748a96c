/** The bundle's container: a plain zip (fflate: small, no dependencies, synchronous deflate). */
import { zipSync, type Zippable } from 'fflate';

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

export function zip(entries: readonly ZipEntry[], mtime: Date = new Date()): Uint8Array {
  const files: Zippable = {};
  for (const e of entries) files[e.name] = [e.data, { level: 6, mtime }];
  return zipSync(files);
}
