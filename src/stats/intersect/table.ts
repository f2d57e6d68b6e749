/**
 * Records -> the factorial table of two crossed attributes (issue #26): per paraphrase family and filler unit, the
 * mean score; the units grouped into cells (a, b). A filler unit is the tuple of the attribute slots' fillers: the
 * name for [name.ethnicity, name.gender], the pair (country, name) for [country, name.gender]. A unit's value in a
 * family is the mean over its records on the family's templates (other slots' combinations and repeats averaged),
 * each template of the family counting once. Only families that have every unit enter (a complete family x unit
 * table, which the mean squares of variance.ts need); the others are named in `leftOut`.
 * Other slots of the templates (crossed slots) are averaged within each unit; per crossed slot the table also keeps the
 * family x value x unit means (`crossed`), when every kept family has every value with every unit, so that variance.ts
 * can count the crossed values as a sample (a value x cell interaction).
 */
import type { ResultRecord } from '../../result/index.js';
import type { Grid } from '../probe/grid.js';

export interface AttributeRef {
  slot: string;
  attr: string | null;
}

export interface Unit {
  key: string;
  /** The unit's filler in each attribute slot, in the order of `FactorialTable.slots`. */
  fillers: string[];
  cell: number;
}

export interface CrossedSlot {
  slot: string;
  values: string[];
  /** y[(f * V + v) * U + u]: family f's mean score of unit u on the records with value v of this slot. */
  y: Float64Array;
}

export interface FactorialTable {
  attributes: [string, string];
  refs: [AttributeRef, AttributeRef];
  /** The attribute slots, once each: one slot for [name.ethnicity, name.gender], two for [country, name.gender]. */
  slots: string[];
  levels: [string[], string[]];
  /** Cell index = a * J + b. */
  units: Unit[];
  /** Units per cell (empty cells have none). */
  cellUnits: number[][];
  /** y[f * U + u]: family f's mean score of unit u (every entry finite). */
  y: Float64Array;
  families: number;
  /** Crossed slots (not attribute slots) with at least two values, complete over families, values and units. */
  crossed: CrossedSlot[];
  /** Templates behind the table (headline templates of the kept families). */
  templates: number;
  leftOut: string[];
}

export function parseRef(ref: string): AttributeRef {
  const dot = ref.indexOf('.');
  return dot === -1 ? { slot: ref, attr: null } : { slot: ref.slice(0, dot), attr: ref.slice(dot + 1) };
}

/** The level of an attribute on one record, or undefined when the record lacks it. */
function levelOf(record: ResultRecord, ref: AttributeRef): string | undefined {
  const entry = record.slots?.[ref.slot];
  if (entry === undefined) return undefined;
  const v = ref.attr === null ? entry.value : entry[ref.attr];
  return v === undefined || v === null ? undefined : String(v);
}

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** `templates`: the headline templates (indices into `grid.templates`); the grid gives each its family. */
export function factorialTable(records: ResultRecord[], attributes: [string, string], grid: Grid, templates: number[]): FactorialTable {
  const refs: [AttributeRef, AttributeRef] = [parseRef(attributes[0]), parseRef(attributes[1])];
  const slots = [...new Set(refs.map((r) => r.slot))];
  const templateIndex = new Map(grid.templates.map((t, i) => [t.id, i]));
  const headline = new Set(templates);
  const leftOut: string[] = [];
  // Per (template, unit): sum and count; the levels and units met.
  const sums = new Map<string, { t: number; unit: string; s: number; n: number }>();
  const unitInfo = new Map<string, { fillers: string[]; a: string; b: string }>();
  // Per (template, crossed slot, value, unit): sum and count.
  const crossedSums = new Map<string, { t: number; slot: string; value: string; unit: string; s: number; n: number }>();
  let lacking = 0;
  for (const r of records) {
    if (r.control) continue;
    const t = templateIndex.get(r.template_id);
    if (t === undefined || !headline.has(t)) continue;
    const a = levelOf(r, refs[0]);
    const b = levelOf(r, refs[1]);
    if (a === undefined || b === undefined) {
      lacking++;
      continue;
    }
    const fillers = slots.map((s) => r.slots[s].value);
    const unit = JSON.stringify(fillers);
    if (!unitInfo.has(unit)) unitInfo.set(unit, { fillers, a, b });
    const key = JSON.stringify([t, unit]);
    const cur = sums.get(key) ?? { t, unit, s: 0, n: 0 };
    cur.s += r.score;
    cur.n += 1;
    sums.set(key, cur);
    for (const [slot, entry] of Object.entries(r.slots ?? {})) {
      if (slots.includes(slot)) continue;
      const ckey = JSON.stringify([t, slot, entry.value, unit]);
      const c = crossedSums.get(ckey) ?? { t, slot, value: String(entry.value), unit, s: 0, n: 0 };
      c.s += r.score;
      c.n += 1;
      crossedSums.set(ckey, c);
    }
  }
  if (lacking > 0) leftOut.push(`${lacking} records without both ${attributes[0]} and ${attributes[1]} (not in the cross)`);
  const levelsA = [...new Set([...unitInfo.values()].map((u) => u.a))].sort(byKey);
  const levelsB = [...new Set([...unitInfo.values()].map((u) => u.b))].sort(byKey);
  const J = levelsB.length;
  const unitKeys = [...unitInfo.keys()].sort(byKey);
  const units: Unit[] = unitKeys.map((key) => {
    const u = unitInfo.get(key)!;
    return { key, fillers: u.fillers, cell: levelsA.indexOf(u.a) * J + levelsB.indexOf(u.b) };
  });
  const unitIndex = new Map(unitKeys.map((k, i) => [k, i]));
  const U = units.length;
  // Per family: per unit the mean over its templates of the template means.
  const famSum = new Map<number, Float64Array>();
  const famN = new Map<number, Int32Array>();
  const famTemplates = new Map<number, Set<number>>();
  for (const { t, unit, s, n } of sums.values()) {
    const fam = grid.templates[t].family;
    if (!famSum.has(fam)) {
      famSum.set(fam, new Float64Array(U));
      famN.set(fam, new Int32Array(U));
      famTemplates.set(fam, new Set());
    }
    const u = unitIndex.get(unit)!;
    famSum.get(fam)![u] += s / n;
    famN.get(fam)![u] += 1;
    famTemplates.get(fam)!.add(t);
  }
  const kept: number[] = [];
  let dropped = 0;
  for (const fam of [...famSum.keys()].sort((x, y) => x - y)) {
    if (famN.get(fam)!.every((n) => n > 0)) kept.push(fam);
    else dropped++;
  }
  if (dropped > 0) {
    leftOut.push(`${dropped} template families that lack some filler of the cross (the table needs every filler in every family)`);
  }
  const y = new Float64Array(kept.length * U);
  kept.forEach((fam, f) => {
    const s = famSum.get(fam)!;
    const n = famN.get(fam)!;
    for (let u = 0; u < U; u++) y[f * U + u] = s[u] / n[u];
  });
  const cellUnits: number[][] = Array.from({ length: levelsA.length * J }, () => []);
  units.forEach((u, i) => cellUnits[u.cell].push(i));
  const templatesKept = kept.reduce((n, fam) => n + famTemplates.get(fam)!.size, 0);
  const levels: [string[], string[]] = [levelsA, levelsB];
  const crossed = crossedSlots([...crossedSums.values()], kept, grid, unitIndex);
  return { attributes, refs, slots, levels, units, cellUnits, y, families: kept.length, crossed, templates: templatesKept, leftOut };
}

/**
 * Per crossed slot the family x value x unit table: per family, per (value, unit) the mean over the family's templates
 * of their means. A slot enters when it has two values or more and every kept family has every (value, unit).
 */
function crossedSlots(sums: { t: number; slot: string; value: string; unit: string; s: number; n: number }[], kept: number[], grid: Grid,
  unitIndex: Map<string, number>): CrossedSlot[] {
  const familyIndex = new Map(kept.map((fam, f) => [fam, f]));
  const U = unitIndex.size;
  const out: CrossedSlot[] = [];
  for (const slot of [...new Set(sums.map((x) => x.slot))].sort(byKey)) {
    const mine = sums.filter((x) => x.slot === slot && familyIndex.has(grid.templates[x.t].family));
    const values = [...new Set(mine.map((x) => x.value))].sort(byKey);
    const V = values.length;
    if (V < 2) continue;
    const valueIndex = new Map(values.map((v, i) => [v, i]));
    const sum = new Float64Array(kept.length * V * U);
    const count = new Int32Array(kept.length * V * U);
    for (const x of mine) {
      const i = (familyIndex.get(grid.templates[x.t].family)! * V + valueIndex.get(x.value)!) * U + unitIndex.get(x.unit)!;
      sum[i] += x.s / x.n;
      count[i] += 1;
    }
    if (!count.every((n) => n > 0)) continue;
    out.push({ slot, values, y: sum.map((v, i) => v / count[i]) });
  }
  return out;
}

/** Per family, the cell means (mean over the cell's units); NaN for an empty cell. Y[f * K + c]. */
export function cellMeans(table: FactorialTable): Float64Array {
  const K = table.cellUnits.length;
  const U = table.units.length;
  const Y = new Float64Array(table.families * K).fill(NaN);
  for (let f = 0; f < table.families; f++) {
    table.cellUnits.forEach((us, c) => {
      if (us.length === 0) return;
      let s = 0;
      for (const u of us) s += table.y[f * U + u];
      Y[f * K + c] = s / us.length;
    });
  }
  return Y;
}
