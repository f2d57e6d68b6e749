/**
 * A small RFC 4180 CSV reader for lexicon files: quoted fields, "" inside quotes, CRLF or LF, a UTF-8 BOM.
 * Each row keeps the line it starts on so that problems can point at it.
 */

export interface CsvRow {
  line: number;
  cells: string[];
}

export interface CsvResult {
  rows: CsvRow[];
  problems: { line: number; message: string }[];
}

export function parseCsv(text: string): CsvResult {
  const rows: CsvRow[] = [];
  const problems: CsvResult['problems'] = [];
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let line = 1;
  let rowLine = 1;
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let quoteLine = 0;
  let i = 0;

  const endRow = () => {
    cells.push(cell);
    // Blank lines are skipped rather than read as rows with one empty cell.
    if (!(cells.length === 1 && cells[0].trim() === '')) rows.push({ line: rowLine, cells });
    cells = [];
    cell = '';
  };

  while (i < src.length) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line += 1;
        cell += ch;
      }
      i += 1;
      continue;
    }
    if (ch === '"' && cell === '') {
      quoted = true;
      quoteLine = line;
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      endRow();
      if (ch === '\r' && src[i + 1] === '\n') i += 1;
      line += 1;
      rowLine = line;
    } else {
      cell += ch;
    }
    i += 1;
  }
  if (quoted) problems.push({ line: quoteLine, message: 'unclosed quoted field' });
  if (cell !== '' || cells.length > 0) endRow();
  return { rows, problems };
}
