/**
 * A run's records -> rows of the variance decomposition: template id -> template, the group (the attribute's
 * value) -> group, the attribute slot's filler text -> filler. Control records (made-up words) are left out:
 * they belong to no group. Paraphrase families are not merged here (each template id is its own level); a caller
 * that wants a family counted once passes the family id as the template.
 */
import { inputError } from '../../errors.js';
import type { ResultRecord } from '../../result/index.js';
import type { VarcompRow } from './types.js';

/** The slot the attribute lives in for this record: "name" for "name.gender"; for a list, the one it has. */
function slotOf(attribute: string, record: ResultRecord): string {
  const slots = attribute.split(',').map((a) => a.trim().split('.')[0]);
  return slots.find((s) => record.slots?.[s] !== undefined) ?? slots[0];
}

export function varcompFromRecords(records: readonly ResultRecord[], attribute: string): VarcompRow[] {
  const rows: VarcompRow[] = [];
  const problems: string[] = [];
  records.forEach((r, i) => {
    if (r.control) return;
    const slot = r.slots?.[slotOf(attribute, r)];
    const group = typeof r.group === 'string' ? r.group : typeof slot?.value === 'string' ? slot.value : undefined;
    const filler = typeof r.filler === 'string' ? r.filler : typeof slot?.value === 'string' ? slot.value : undefined;
    if (group === undefined || filler === undefined) {
      problems.push(`records[${i}] (${JSON.stringify(r.text)}) has no group and no slot "${attribute}"`);
      return;
    }
    rows.push({ template: r.template_id, filler, group, score: r.score });
  });
  if (problems.length > 0) {
    const shown = problems.slice(0, 20);
    if (problems.length > 20) shown.push(`and ${problems.length - 20} more`);
    throw inputError('E_VARCOMP_ATTRIBUTE', `variance decomposition: ${problems.length} record(s) without a group`, shown);
  }
  return rows;
}
