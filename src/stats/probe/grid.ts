/**
 * Records -> a template x group grid of scores, the one data structure every probe statistic reads.
 *
 * A cell is (template, filler combination, group). The group is `record.group` (the attribute's value, e.g.
 * "Kenya", or "female" for the attribute `name.gender`; older records without it fall back to the attribute
 * slot's value); the filler combination is the values of the template's other slots (e.g. the name in
 * "{name} moved to {country}"). Several sentences of one group in one combination (the names of one gender)
 * are averaged into the cell, and a group's score on a template is the mean over its combinations (`cell`).
 */
import { inputError } from '../../errors.js';
import type { Frame, ResultRecord } from '../../result-types.js';

export interface TemplateInfo {
  id: string;
  text: string;
  frame: Frame;
  paraphraseOf: string | null;
  /** Non-control records on this template. */
  n: number;
  /** Filler combinations (other slots), in order of appearance. */
  combos: number;
}

export interface Grid {
  templates: TemplateInfo[];
  /** Real groups first (0..groups-1), then control words (groups..columns-1). */
  groupKeys: string[];
  groups: number;
  columns: number;
  /** Per template: scores[c * columns + g] for combo c, NaN where no record. */
  scores: Float64Array[];
  /** Per template: sentences per (combo, group, label): labelCounts[(c * columns + g) * labels.length + l]. */
  labelCounts: Int32Array[];
  /** Per template: index into the records array of the cell's first record, -1 where none. */
  recordIds: Int32Array[];
  labels: string[];
  /** cell[t * columns + g]: mean over combos; NaN where the group never appears on the template. */
  cell: Float64Array;
  /** Non-control records per real group. */
  groupN: Int32Array;
  /** Lexicon attributes of each real group: its slot entry when the group is the filler itself, else none. */
  groupSlot: Partial<ResultRecord['slots'][string]>[];
}

/**
 * The slot the attribute lives in for one record: "name" for "name.gender", the attribute itself otherwise. A list
 * attribute ("pronoun.gender, name.gender") names one slot per template: the one the record has.
 */
function attributeSlot(attribute: string, record?: ResultRecord): string {
  const slots = attribute.split(',').map((a) => a.trim().split('.')[0]);
  return (record && slots.find((s) => record.slots?.[s] !== undefined)) ?? slots[0];
}

function comboKey(record: ResultRecord, slot: string): string {
  const names = Object.keys(record.slots).filter((s) => s !== slot).sort();
  return JSON.stringify(names.map((s) => [s, record.slots[s].value]));
}

function groupOf(record: ResultRecord, attribute: string): string | undefined {
  if (typeof record.group === 'string') return record.group;
  const value = record.slots?.[attribute]?.value;
  return typeof value === 'string' ? value : undefined;
}

export function buildGrid(records: ResultRecord[], attribute: string): Grid {
  const templateIndex = new Map<string, number>();
  const realIndex = new Map<string, number>();
  const controlIndex = new Map<string, number>();
  const comboIndex: Map<string, number>[] = [];
  const templates: TemplateInfo[] = [];
  const groupSlot: Grid['groupSlot'] = [];
  const keys = records.map((r, i) => {
    const key = groupOf(r, attribute);
    if (key === undefined) {
      throw inputError('E_STATS_ATTRIBUTE', `records[${i}] (${JSON.stringify(r.text)}) has no group and no slot "${attribute}"`);
    }
    return key;
  });
  records.forEach((r, i) => {
    const key = keys[i];
    if (!templateIndex.has(r.template_id)) {
      templateIndex.set(r.template_id, templates.length);
      templates.push({ id: r.template_id, text: r.template, frame: r.frame, paraphraseOf: r.paraphrase_of ?? null, n: 0, combos: 0 });
      comboIndex.push(new Map());
    }
    const combos = comboIndex[templateIndex.get(r.template_id)!];
    const slotName = attributeSlot(attribute, r);
    const combo = comboKey(r, slotName);
    if (!combos.has(combo)) combos.set(combo, combos.size);
    const index = r.control ? controlIndex : realIndex;
    if (!index.has(key)) {
      index.set(key, index.size);
      const slot = r.slots?.[slotName];
      if (!r.control) groupSlot.push(slot && slot.value === key ? slot : {});
    }
  });
  const groups = realIndex.size;
  if (groups === 0) throw inputError('E_STATS_NO_GROUPS', `no non-control records with a "${attribute}" slot to analyse`);
  const columns = groups + controlIndex.size;
  const groupKeys = [...realIndex.keys(), ...controlIndex.keys()];
  const column = (i: number) => (records[i].control ? groups + controlIndex.get(keys[i])! : realIndex.get(keys[i])!);

  const labels: string[] = [];
  const labelIndex = new Map<string, number>();
  const scores = templates.map((_, t) => new Float64Array(comboIndex[t].size * columns).fill(NaN));
  const counts = templates.map((_, t) => new Int32Array(comboIndex[t].size * columns));
  for (const r of records) {
    if (!labelIndex.has(r.label)) {
      labelIndex.set(r.label, labels.length);
      labels.push(r.label);
    }
  }
  const labelCounts = templates.map((_, t) => new Int32Array(comboIndex[t].size * columns * labels.length));
  const recordIds = templates.map((_, t) => new Int32Array(comboIndex[t].size * columns).fill(-1));
  const groupN = new Int32Array(groups);
  records.forEach((r, i) => {
    const t = templateIndex.get(r.template_id)!;
    const g = column(i);
    const k = comboIndex[t].get(comboKey(r, attributeSlot(attribute, r)))! * columns + g;
    // Several sentences of a group in one combination (its fillers, or repeats) are averaged into one cell.
    scores[t][k] = counts[t][k] === 0 ? r.score : scores[t][k] + r.score;
    counts[t][k] += 1;
    if (recordIds[t][k] < 0) recordIds[t][k] = i;
    labelCounts[t][k * labels.length + labelIndex.get(r.label)!] += 1;
    if (!r.control) {
      templates[t].n += 1;
      groupN[g] += 1;
    }
  });

  const cell = new Float64Array(templates.length * columns).fill(NaN);
  templates.forEach((info, t) => {
    info.combos = comboIndex[t].size;
    for (let k = 0; k < scores[t].length; k++) if (counts[t][k] > 1) scores[t][k] /= counts[t][k];
    for (let g = 0; g < columns; g++) {
      let s = 0;
      let m = 0;
      for (let c = 0; c < info.combos; c++) {
        const v = scores[t][c * columns + g];
        if (!Number.isNaN(v)) {
          s += v;
          m++;
        }
      }
      if (m > 0) cell[t * columns + g] = s / m;
    }
  });
  return { templates, groupKeys, groups, columns, scores, labelCounts, recordIds, labels, cell, groupN, groupSlot };
}
