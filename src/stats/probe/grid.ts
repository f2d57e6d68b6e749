/**
 * Records -> the probe's design: templates grouped into paraphrase families, fillers grouped into groups, and the
 * other slots' values (filler combinations) as a factor crossed with templates. The one data structure every
 * probe statistic reads.
 *
 * A filler is one lexicon entry of the attribute slot ("Kenya"; the name "Emily" in a `name.gender` probe); a group
 * is `record.group` ("Kenya"; "female"). A cell is (template, combination, filler): several sentences there
 * (repeats) are averaged. Every key is held in a Map: group and filler names are data ("constructor" included).
 *
 * Units are ordered by key (families, fillers, combinations), so that what a seeded stream draws does not depend
 * on the order of the records.
 */
import { inputError } from '../../errors.js';
import type { Frame, ResultRecord } from '../../result/index.js';
import type { TemplateFamily } from './robustness.js';

export interface TemplateInfo {
  id: string;
  text: string;
  frame: Frame;
  paraphraseOf: string | null;
  family: number;
  /** Non-control records on this template. */
  n: number;
  /** Global combination indices present on this template (in ascending order). */
  combos: Int32Array;
}

export interface FillerInfo {
  key: string;
  /** Group index (real groups), or -1 for a control word. */
  group: number;
  /** The slot it fills (fillers of different slots never share templates; permutations stay within a slot). */
  slot: string;
  /** Its lexicon entry (attributes such as gender). */
  entry: Partial<ResultRecord['slots'][string]>;
}

export interface Grid {
  templates: TemplateInfo[];
  /** Family keys, sorted; `templates[t].family` indexes this. */
  families: string[];
  /** Template indices per family. */
  familyTemplates: number[][];
  /** Real groups in order of first appearance. */
  groupKeys: string[];
  groups: number;
  /** All fillers (real and control), sorted by (group key, filler key). */
  fillers: FillerInfo[];
  /** Filler indices per real group; `controlFillers` for the control words. */
  groupFillers: Int32Array[];
  controlFillers: Int32Array;
  /** Global combinations of the other slots (sorted keys) and the names of those slots. */
  comboKeys: string[];
  otherSlots: string[];
  /** Per template: scores[t][local combo * F + f], NaN where no record (F = fillers.length). */
  scores: Float64Array[];
  /** Per template: index of the cell's first record, -1 where none. */
  recordIds: Int32Array[];
  /** Per template, per local combination: labels predicted (labelIds[t][c * F + f], -1 where none). */
  labelIds: Int32Array[];
  labels: string[];
  /** cell[t * F + f]: mean over the template's combinations; NaN where the filler never appears there. */
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
export function attributeSlot(attribute: string, record?: ResultRecord): string {
  const slots = attribute.split(',').map((a) => a.trim().split('.')[0]);
  return (record && slots.find((s) => record.slots?.[s] !== undefined)) ?? slots[0];
}

function comboKey(record: ResultRecord, slot: string): string {
  const names = Object.keys(record.slots ?? {}).filter((s) => s !== slot).sort();
  return JSON.stringify(names.map((s) => [s, record.slots[s].value]));
}

function groupOf(record: ResultRecord, attribute: string): string | undefined {
  if (typeof record.group === 'string') return record.group;
  const value = record.slots?.[attribute]?.value;
  return typeof value === 'string' ? value : undefined;
}

function fillerOf(record: ResultRecord, slot: string, group: string): string {
  if (typeof record.filler === 'string') return record.filler;
  const value = record.slots?.[slot]?.value;
  return typeof value === 'string' ? value : group;
}

/** Paraphrase family of each template: `paraphrase_of` followed to the root, unless `family` names them. */
function familyKeys(templates: { id: string; paraphraseOf: string | null }[], family?: TemplateFamily): string[] {
  const index = new Map(templates.map((t, i) => [t.id, i]));
  return templates.map((t, i) => {
    if (family) return family({ template_id: t.id, paraphrase_of: t.paraphraseOf });
    const seen = new Set<number>();
    let current = i;
    for (;;) {
      seen.add(current);
      const parent = templates[current].paraphraseOf;
      const next = parent === null ? undefined : index.get(parent);
      if (next === undefined || seen.has(next)) return templates[current].id;
      current = next;
    }
  });
}

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function buildGrid(records: ResultRecord[], attribute: string, family?: TemplateFamily): Grid {
  const templateIndex = new Map<string, number>();
  const raw: { id: string; text: string; frame: Frame; paraphraseOf: string | null }[] = [];
  const realIndex = new Map<string, number>();
  const groupSlot: Grid['groupSlot'] = [];
  const fillerMap = new Map<string, { key: string; group: string; control: boolean; slot: string; entry: FillerInfo['entry'] }>();
  const comboSet = new Map<string, number>();
  const otherSlots = new Set<string>();
  const meta = records.map((r, i) => {
    const group = groupOf(r, attribute);
    if (group === undefined) {
      throw inputError('E_STATS_ATTRIBUTE', `records[${i}] (${JSON.stringify(r.text)}) has no group and no slot "${attribute}"`);
    }
    if (!templateIndex.has(r.template_id)) {
      templateIndex.set(r.template_id, raw.length);
      raw.push({ id: r.template_id, text: r.template, frame: r.frame, paraphraseOf: r.paraphrase_of ?? null });
    }
    const slot = attributeSlot(attribute, r);
    for (const s of Object.keys(r.slots ?? {})) if (s !== slot) otherSlots.add(s);
    const entry = r.slots?.[slot] ?? {};
    if (!r.control && !realIndex.has(group)) {
      realIndex.set(group, realIndex.size);
      groupSlot.push(entry.value === group ? entry : {});
    }
    const filler = fillerOf(r, slot, group);
    const fkey = JSON.stringify([r.control ? 1 : 0, group, filler]);
    if (!fillerMap.has(fkey)) fillerMap.set(fkey, { key: filler, group, control: r.control, slot, entry });
    const combo = comboKey(r, slot);
    comboSet.set(combo, 0);
    return { t: templateIndex.get(r.template_id)!, fkey, combo };
  });
  const groups = realIndex.size;
  if (groups === 0) throw inputError('E_STATS_NO_GROUPS', `no non-control records with a "${attribute}" slot to analyse`);
  const groupKeys = [...realIndex.keys()];

  const fillerKeys = [...fillerMap.keys()].sort(byKey);
  const fillerIdx = new Map(fillerKeys.map((k, i) => [k, i]));
  const fillers: FillerInfo[] = fillerKeys.map((k) => {
    const f = fillerMap.get(k)!;
    return { key: f.key, group: f.control ? -1 : realIndex.get(f.group)!, slot: f.slot, entry: f.entry };
  });
  const F = fillers.length;
  const groupFillers = groupKeys.map((_, g) => Int32Array.from(fillers.flatMap((f, i) => (f.group === g ? [i] : []))));
  const controlFillers = Int32Array.from(fillers.flatMap((f, i) => (f.group === -1 ? [i] : [])));

  const comboKeys = [...comboSet.keys()].sort(byKey);
  comboKeys.forEach((k, i) => comboSet.set(k, i));

  const famKeys = familyKeys(raw, family);
  const families = [...new Set(famKeys)].sort(byKey);
  const famIdx = new Map(families.map((k, i) => [k, i]));
  const familyTemplates: number[][] = families.map(() => []);
  famKeys.forEach((k, t) => familyTemplates[famIdx.get(k)!].push(t));

  // Local combination index per template.
  const localCombos = raw.map(() => new Map<number, number>());
  for (const m of meta) localCombos[m.t].set(comboSet.get(m.combo)!, 0);
  const templates: TemplateInfo[] = raw.map((info, t) => {
    const combos = Int32Array.from([...localCombos[t].keys()].sort((a, b) => a - b));
    combos.forEach((c, j) => localCombos[t].set(c, j));
    return { ...info, family: famIdx.get(famKeys[t])!, n: 0, combos };
  });

  const labels: string[] = [];
  const labelIndex = new Map<string, number>();
  const scores = templates.map((info) => new Float64Array(info.combos.length * F).fill(NaN));
  const counts = templates.map((info) => new Int32Array(info.combos.length * F));
  const recordIds = templates.map((info) => new Int32Array(info.combos.length * F).fill(-1));
  const labelIds = templates.map((info) => new Int32Array(info.combos.length * F).fill(-1));
  const groupN = new Int32Array(groups);
  records.forEach((r, i) => {
    const { t, fkey, combo } = meta[i];
    const f = fillerIdx.get(fkey)!;
    const k = localCombos[t].get(comboSet.get(combo)!)! * F + f;
    if (!labelIndex.has(r.label)) {
      labelIndex.set(r.label, labels.length);
      labels.push(r.label);
    }
    scores[t][k] = counts[t][k] === 0 ? r.score : scores[t][k] + r.score;
    counts[t][k] += 1;
    if (recordIds[t][k] < 0) {
      recordIds[t][k] = i;
      labelIds[t][k] = labelIndex.get(r.label)!;
    }
    if (!r.control) {
      templates[t].n += 1;
      groupN[fillers[f].group] += 1;
    }
  });

  const cell = new Float64Array(templates.length * F).fill(NaN);
  templates.forEach((info, t) => {
    const C = info.combos.length;
    for (let k = 0; k < scores[t].length; k++) if (counts[t][k] > 1) scores[t][k] /= counts[t][k];
    for (let f = 0; f < F; f++) {
      let s = 0;
      let m = 0;
      for (let c = 0; c < C; c++) {
        const v = scores[t][c * F + f];
        if (!Number.isNaN(v)) {
          s += v;
          m++;
        }
      }
      if (m > 0) cell[t * F + f] = s / m;
    }
  });
  return {
    templates, families, familyTemplates, groupKeys, groups, fillers, groupFillers, controlFillers, comboKeys,
    otherSlots: [...otherSlots].sort(byKey), scores, recordIds, labelIds, labels, cell, groupN, groupSlot,
  };
}
