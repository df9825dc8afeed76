/**
 * CSV (RFC 4180) that a spreadsheet opens safely: every cell quoted when it holds a comma, quote
 * or line break, and a text cell starting with = + - @ (or a tab or carriage return) prefixed
 * with ' so Excel, LibreOffice and Sheets show it as text instead of running it as a formula.
 */
export type CsvCell = string | number | boolean | null | undefined | Date;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = value instanceof Date ? value.toISOString() : String(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A header row and one row per record, in `columns` order; lines end with CRLF as RFC 4180 says. */
export function toCsv<T extends object>(columns: readonly (keyof T & string)[], rows: readonly T[]): string {
  const lines = [columns.map((c) => csvCell(c)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c] as CsvCell)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
