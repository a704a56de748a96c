import { describe, expect, it } from 'vitest';
import { parseResetScope } from '../../src/cloud-sync/control.js';
import { CloudsyncError } from '../../src/errors.js';

describe('restart --reset parsing', () => {
  it('no value means Full, which is destructive', () => {
    expect(parseResetScope(undefined)).toEqual({ scopes: ['Full'], resetScope: 'Full', destructive: true });
    expect(parseResetScope([])).toMatchObject({ resetScope: 'Full' });
  });

  it('maps the words to Graph names, in the given order, without duplicates', () => {
    expect(parseResetScope('escrows,quarantine').resetScope).toBe('Escrows,QuarantineState');
    expect(parseResetScope(['watermark', 'escrows,watermark']).scopes).toEqual(['Watermark', 'Escrows']);
    expect(parseResetScope('force-deletes').resetScope).toBe('ForceDeletes');
  });

  it("accepts Graph's own names in any case", () => {
    expect(parseResetScope('QuarantineState,forcedeletes').scopes).toEqual(['QuarantineState', 'ForceDeletes']);
  });

  it('only escrows/quarantine are safe without confirmation', () => {
    expect(parseResetScope('escrows,quarantine').destructive).toBe(false);
    for (const d of ['full', 'watermark', 'force-deletes', 'quarantine,watermark']) expect(parseResetScope(d).destructive).toBe(true);
  });

  it('an unknown word is a usage error naming the valid ones', () => {
    let err: unknown;
    try {
      parseResetScope('escrows,connectordatastore');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CloudsyncError);
    expect((err as CloudsyncError).kind).toBe('usage');
    expect((err as Error).message).toContain('"connectordatastore"');
    expect((err as Error).message).toContain('watermark, escrows, quarantine, full, force-deletes');
  });
});
