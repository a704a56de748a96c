import { describe, expect, it } from 'vitest';
import { BOXED_MAX_ROWS, renderTable } from '../../src/cli/output/table.js';

describe('renderTable', () => {
  it('draws boxes for a small table', () => {
    const out = renderTable(['Action', 'Object'], [['create', 'user a']], { color: false });
    expect(out).toContain('┌');
    expect(out).toContain('│ create │ user a │');
  });

  it('above the box limit: one aligned line per row, every cell kept, a cell’s lines joined', () => {
    const rows = Array.from({ length: BOXED_MAX_ROWS + 1 }, (_, i) => [i + 1, i % 2 ? '\x1b[32mcreate\x1b[39m' : 'update', `user u${i}\nCN=u${i},OU=Sales,DC=x`, `department: (none) → D${i}`]);
    const out = renderTable(['#', 'Action', 'Object', 'Change'], rows, { color: false });
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(rows.length + 1);
    expect(out).not.toContain('┌');
    expect(lines[0]).toMatch(/^#\s+Action\s+Object\s+Change$/);
    expect(lines[2]).toContain('user u1 · CN=u1,OU=Sales,DC=x');
    expect(lines[rows.length]).toContain(`department: (none) → D${rows.length - 1}`);
    // Colour codes do not count towards alignment: the Object column starts at one offset on every line.
    const strip = (s: string): string => s.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');
    const starts = lines.slice(1, 6).map((l) => strip(l).indexOf('user u'));
    expect(new Set(starts).size).toBe(1);
  });
});
