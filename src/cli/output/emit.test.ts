import { describe, expect, it } from 'vitest';
import { emit, type Column, type Emission } from './emit.js';
import { makePaint } from './paint.js';

interface Row {
  name: string;
  n: number;
}

describe('the emitter', async () => {
  const paint = await makePaint(false);
  const columns: Column<Row>[] = [
    { header: 'Name', cell: (r) => r.name },
    { header: 'N', cell: (r) => r.n },
  ];
  const rows: Row[] = [{ name: 'a, b', n: 1 }, { name: 'c', n: 2 }];
  const e: Emission<Row> = { rows, table: columns, ndjson: { trailer: { type: 'summary', rows: 2 } } };

  it('writes the same rows as JSON, NDJSON (with its trailer) and CSV', () => {
    expect(emit(e, { format: 'json', paint })).toBe(JSON.stringify(rows, null, 2) + '\n');
    expect(emit({ ...e, json: { rows } }, { format: 'json', paint })).toBe(JSON.stringify({ rows }, null, 2) + '\n');
    expect(emit(e, { format: 'ndjson', paint })).toBe('{"name":"a, b","n":1}\n{"name":"c","n":2}\n{"type":"summary","rows":2}\n');
    expect(emit(e, { format: 'csv', paint })).toBe('Name,N\r\n"a, b",1\r\nc,2\r\n');
  });

  it('draws a table of the columns, or what the command draws itself', () => {
    const table = emit(e, { format: 'table', paint });
    expect(table).toContain('│ Name');
    expect(table).toContain('│ a, b');
    expect(emit({ ...e, table: (r) => `${r.length} rows\n` }, { format: 'table', paint })).toBe('2 rows\n');
  });
});

describe('markdown', async () => {
  const paint = await makePaint(false);
  const columns: Column<Row>[] = [
    { header: 'Name', cell: (r) => r.name },
    { header: 'N', cell: (r) => r.n },
  ];

  it('writes a heading, a GitHub pipe table (| and line breaks escaped in cells) and the summary line', () => {
    const rows: Row[] = [{ name: 'a|b', n: 1 }, { name: 'line one\nline two', n: 2 }];
    expect(emit({ rows, table: columns, markdown: { heading: 'Things', summary: '2 things' } }, { format: 'markdown', paint })).toBe(
      '## Things\n\n| Name | N |\n| --- | --- |\n| a\\|b | 1 |\n| line one<br>line two | 2 |\n\n2 things\n',
    );
  });

  it('writes no table when there are no rows', () => {
    expect(emit({ rows: [], table: columns, markdown: { heading: 'Things', summary: 'none' } }, { format: 'markdown', paint })).toBe('## Things\n\nnone\n');
  });
});
