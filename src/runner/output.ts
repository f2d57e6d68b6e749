import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditResult } from '../result/index.js';
import { writeFileAtomic } from '../util/atomic.js';
import { toCsv, type CsvCell } from '../util/csv.js';

/** One row per sentence: slot values flattened to columns, probabilities per label (formula-guarded, util/csv.ts). */
export function scoresCsv(result: AuditResult): string {
  const slotNames = [...new Set(result.records.flatMap((r) => Object.keys(r.slots)))].sort();
  const rows = result.records.map((r) => {
    const row: Record<string, CsvCell> = {
      text: r.text, template_id: r.template_id, template: r.template, frame: r.frame, control: r.control,
    };
    for (const s of slotNames) row[s] = r.slots[s]?.value ?? '';
    result.model.labels.forEach((label, i) => { row[`p_${label}`] = r.probs[i]; });
    row.score = r.score;
    row.label = r.label;
    return row;
  });
  return toCsv(rows);
}

/** Writes result.json and scores.csv (each atomically); the report is rendered by the caller. */
export function writeRunDir(dir: string, result: AuditResult): void {
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, 'result.json'), JSON.stringify(result));
  writeFileAtomic(join(dir, 'scores.csv'), scoresCsv(result));
}
