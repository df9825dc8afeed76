import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../core/csv.js';

describe('CSV export', () => {
  it('quotes cells with commas, quotes and line breaks, doubling the quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it('makes text that a spreadsheet would run as a formula read as text', () => {
    for (const formula of ['=1+1', '+1', '-2+3', '@SUM(A1)', '\tx', '\rx']) expect(csvCell(formula).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
  });

  it('writes numbers, empties and dates as values, negative numbers included', () => {
    expect([csvCell(-3), csvCell(0.05), csvCell(null), csvCell(undefined), csvCell(Number.NaN), csvCell(new Date('2026-03-02T14:00:00Z'))]).toEqual(['-3', '0.05', '', '', '', '2026-03-02T14:00:00.000Z']);
  });

  it('writes a header row and one CRLF-ended line per row in column order', () => {
    expect(toCsv(['b', 'a'], [{ a: 1, b: 'x' }, { a: 2, b: null }])).toBe('b,a\r\nx,1\r\n,2\r\n');
  });
});
