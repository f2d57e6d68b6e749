/**
 * The one CSV writer (scores.csv, `audit export --format csv`, the report's "Download table" button): RFC 4180
 * quoting by d3-dsv, and text cells that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a
 * carriage return) prefixed with "'" (OWASP's advice on CSV injection). Numbers and booleans are written as they are.
 */
import { csvFormat, csvFormatRow } from 'd3-dsv';

export type CsvCell = string | number | boolean | null | undefined;

/** A text cell made inert for spreadsheets. */
export function csvText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** Rows (objects with the same columns) as CSV text ending in a newline; `columns` fixes their order. */
export function toCsv(rows: Record<string, CsvCell>[], columns?: string[]): string {
  const guarded = rows.map((row) => {
    const out: Record<string, string | number | boolean> = Object.create(null) as Record<string, string | number | boolean>;
    for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'string' ? csvText(v) : (v ?? '');
    return out;
  });
  return `${columns ? csvFormat(guarded, columns) : csvFormat(guarded)}\n`;
}

/** One row as a CSV line ending in a newline, for writers that stream (a data run's scores.csv). */
export function csvRow(cells: CsvCell[]): string {
  return `${csvFormatRow(cells.map((v) => (typeof v === 'string' ? csvText(v) : String(v ?? ''))))}\n`;
}
