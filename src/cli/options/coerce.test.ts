import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CloudsyncError } from '../../errors.js';
import { choice, count, list, parseNumber, rate, repeated, since } from './coerce.js';
import { overConfig, parseOptions, parseOptionsSync } from './parse.js';

describe('option coercers', () => {
  it('parse numbers from flags (strings) and the config file (numbers) with one message style', () => {
    const rule = { flag: 'port', expect: 'a port number 0..65535', int: true, min: 0, max: 65535 };
    expect(parseNumber('8443', rule)).toBe(8443);
    expect(parseNumber(0, rule)).toBe(0);
    for (const bad of ['', ' ', 'x', '1.5', '-1', '70000', 'Infinity']) {
      expect(() => parseNumber(bad, rule)).toThrow(`--port must be a port number 0..65535 (got '${bad}')`);
    }
    expect(() => parseNumber('0', { flag: 'n', expect: 'a positive number', above: 0 })).toThrow("--n must be a positive number (got '0')");
  });

  it('turn a failed parse into one usage error carrying the first problem', async () => {
    const schema = z.object({ limit: count('limit', 'runs').default(50), rate: rate('error-rate').optional() });
    expect(await parseOptions(schema, {})).toEqual({ limit: 50 });
    expect(await parseOptions(schema, { limit: '0', rate: '0.5' })).toEqual({ limit: 0, rate: 0.5 });
    const e = await parseOptions(schema, { limit: 'x', rate: '2' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CloudsyncError);
    expect((e as CloudsyncError).kind).toBe('usage');
    expect((e as CloudsyncError).message).toBe("--limit must be a whole number of runs, 0 for all (got 'x')");
    expect(() => parseOptionsSync(schema, { rate: '2' })).toThrow("--error-rate must be between 0 and 1 (got '2')");
  });

  it('split lists on commas, keep repeated DNs whole, and check choices', () => {
    expect(list().parse(['a.com, b.com', 'c.com', ' '])).toEqual(['a.com', 'b.com', 'c.com']);
    expect(list().parse('a.com')).toEqual(['a.com']);
    expect(repeated().parse(['OU=A,DC=x', 'OU=B,DC=x'])).toEqual(['OU=A,DC=x', 'OU=B,DC=x']);
    const level = choice(['error', 'warning'], (v) => `--fail-on expects error or warning, got "${v}"`);
    expect(() => parseOptionsSync(z.object({ failOn: level }), { failOn: 'x' })).toThrow('--fail-on expects error or warning, got "x"');
  });

  it('read --since as a duration back from now or a date', () => {
    const now = Date.UTC(2026, 11, 8, 12);
    expect(since(() => now).parse('2h').getTime()).toBe(now - 7_200_000);
    expect(() => parseOptionsSync(z.object({ since: since(() => now) }), { since: 'soon' })).toThrow(/--since "soon" is neither a duration/);
  });

  it('lets defined flags win over the config section', () => {
    expect(overConfig({ rules: undefined, failOn: 'never' }, { rules: 'idfix', failOn: 'error' })).toEqual({ rules: 'idfix', failOn: 'never' });
    expect(overConfig({ ou: ['OU=A'] }, undefined)).toEqual({ ou: ['OU=A'] });
  });
});
