import { describe, expect, it } from 'vitest';
import { isCi, plainProgress } from './progress.js';

describe('progress without a terminal', () => {
  it('writes a plain line (no spinner, no control sequences) at most every interval, none for a short run', () => {
    let t = 0;
    const lines: string[] = [];
    const p = plainProgress((l) => lines.push(l), 'Reading x.ldif', 5000, () => t);
    t = 1000;
    p.update('Reading x.ldif: 1,000 objects');
    expect(lines).toEqual([]);
    t = 5200;
    p.update('Reading x.ldif: 6,000 objects');
    t = 6000;
    p.update('Reading x.ldif: 7,000 objects');
    t = 10400;
    p.update('Applying: 10/20');
    p.stop();
    t = 20000;
    p.update('Applying: 20/20');
    expect(lines).toEqual(['Reading x.ldif: 6,000 objects (5 s)\n', 'Applying: 10/20 (10 s)\n']);
  });

  it('knows CI from CI=true (GitHub Actions) and TF_BUILD=True (Azure Pipelines)', () => {
    expect(isCi({ CI: 'true' })).toBe(true);
    expect(isCi({ TF_BUILD: 'True' })).toBe(true);
    expect(isCi({})).toBe(false);
  });
});
