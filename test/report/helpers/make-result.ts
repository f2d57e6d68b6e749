import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AuditResult, GroupStat, ResultRecord, RollupStat, TemplateStat } from '../../../src/result-types.js';

/**
 * A realistic AuditResult for report tests, generated instead of committed (a 250-country run is ~3 MB).
 * Countries and regions come from world-countries; scores are synthetic (logistic of country effect +
 * template effect + noise, seeded), and the stats are computed here with simple normal-theory formulas:
 * they are a stand-in with the right shapes and internal consistency, not the stats module's numbers.
 * Income groups are assigned by a hash (synthetic): world-countries has none.
 */

export const HOSTILE_SCRIPT = '</script><script>alert(1)</script>';
export const HOSTILE_IMG = '<img src=x onerror=alert(1)>';

export interface FixtureOptions {
  /** How many countries (from the start of a fixed shuffle of world-countries); default all 250. */
  groups?: number;
  /** Exactly these countries (alpha-3, world-countries spelling), in this order; overrides `groups`. */
  iso3?: string[];
  templates?: number;
  seed?: number;
  demo?: boolean;
  /** Drop `numeric` from the groups (the report must then skip the map). */
  withoutNumeric?: boolean;
  /** Put hostile strings in two group names and one template. */
  hostile?: boolean;
  suites?: Record<string, unknown>;
}

interface Country { name: { common: string }; cca2: string; ccn3: string; cca3: string; region: string; subregion: string }

const require = createRequire(import.meta.url);
const COUNTRIES = JSON.parse(readFileSync(require.resolve('world-countries/countries.json'), 'utf8')) as Country[];
const INCOME = ['High income', 'Upper middle income', 'Lower middle income', 'Low income'];

const BASE_TEMPLATES = [
  'This film was filmed in {country}.',
  'The movie was shot on location in {country}.',
  'I am from {country}.',
  'My neighbour grew up in {country}.',
  'The conference took place in {country}.',
  'She bought the book in {country}.',
  'The company has an office in {country}.',
  'We drove through {country} last week.',
];
const PARAPHRASES = ['{base}', 'Note: {base}', 'As reported, {base}'];

export function makeResult(options: FixtureOptions = {}): AuditResult {
  const rand = mulberry32(options.seed ?? 7);
  const countries = options.iso3
    ? options.iso3.map((code) => COUNTRIES.find((c) => c.cca3 === code) ?? fail(`unknown alpha-3 ${code}`))
    : shuffle(COUNTRIES, mulberry32(11)).slice(0, options.groups ?? COUNTRIES.length);
  const nTemplates = options.templates ?? 24;
  const templates = Array.from({ length: nTemplates }, (_, i) => {
    const base = BASE_TEMPLATES[i % BASE_TEMPLATES.length]!;
    const variant = Math.floor(i / BASE_TEMPLATES.length) % PARAPHRASES.length;
    const text = PARAPHRASES[variant]!.replace('{base}', variant === 0 ? base : lowerFirst(base));
    return { id: `t${String(i + 1).padStart(2, '0')}`, text, paraphrase_of: variant === 0 ? null : `t${String((i % BASE_TEMPLATES.length) + 1).padStart(2, '0')}` };
  });
  if (options.hostile) templates[0]!.text = `${HOSTILE_SCRIPT} {country} ${HOSTILE_IMG}`;

  const groups = countries.map((c, i) => {
    let name = c.name.common;
    if (options.hostile && i === 0) name = HOSTILE_SCRIPT;
    if (options.hostile && i === 1) name = HOSTILE_IMG;
    const attrs: Record<string, string | number | boolean | null> = {
      iso2: c.cca2, iso3: c.cca3 === 'UNK' ? 'XKX' : c.cca3, region: c.region, subregion: c.subregion,
      income_group: INCOME[hash(c.cca3) % INCOME.length]!,
    };
    if (!options.withoutNumeric) attrs.numeric = c.ccn3 || null;
    return { name, attrs, effect: normal(rand) * 0.3 };
  });
  const templateEffects = templates.map(() => normal(rand) * 1.2);

  const records: ResultRecord[] = [];
  const scores: number[][] = groups.map(() => []); // [group][template]
  templates.forEach((t, ti) => {
    groups.forEach((g, gi) => {
      const s = sigmoid(templateEffects[ti]! + g.effect + normal(rand) * 0.35);
      scores[gi]![ti] = s;
      records.push(record(t, g.name, g.attrs, s, false));
    });
    for (const word of ['Zorblat', 'Quenmar', 'Vistrel', 'Dravonia', 'Plinth']) {
      records.push(record(t, word, {}, sigmoid(templateEffects[ti]! + normal(rand) * 0.3), true));
    }
  });

  const medians = templates.map((_, ti) => median(groups.map((__, gi) => scores[gi]![ti]!)));
  const overall = mean(scores.flat());
  const groupStats: GroupStat[] = groups.map((g, gi) => {
    const s = scores[gi]!;
    const centred = s.map((v, ti) => v - medians[ti]!);
    const c = mean(centred);
    const se = sd(centred) / Math.sqrt(centred.length);
    const p = 2 * (1 - phi(Math.abs(c / se)));
    return {
      key: g.name, n: s.length, mean: mean(s), ci: meanCi(s), centred: c, centred_ci: [c - 1.96 * se, c + 1.96 * se],
      rank: 0, rank_ci: [0, 0], p, p_perm: Math.min(1, p * 1.1), p_adj: 0, p_adj_bh: 0, significant: false, stable: false,
      direction: 'none', templates_above: centred.filter((v) => v > 0).length, templates_below: centred.filter((v) => v < 0).length,
      attrs: g.attrs,
    };
  });
  rankAndAdjust(groupStats);

  const templateStats: TemplateStat[] = templates.map((t, ti) => {
    const col = groups.map((_, gi) => scores[gi]![ti]!);
    const positive = col.filter((v) => v >= 0.5).length;
    return {
      template_id: t.id, template: t.text, frame: 'neutral', paraphrase_of: t.paraphrase_of, n: col.length,
      mean: mean(col), median: medians[ti]!, score_range: Math.max(...col) - Math.min(...col), score_sd: sd(col),
      flip_rate: Math.min(positive, col.length - positive) / col.length,
    };
  });

  const means = groupStats.map((g) => g.mean);
  const range = Math.max(...means) - Math.min(...means);
  const pairs = templates.map((t, ti) => {
    let lo = 0;
    let hi = 0;
    scores.forEach((s, gi) => {
      if (s[ti]! < scores[lo]![ti]!) lo = gi;
      if (s[ti]! > scores[hi]![ti]!) hi = gi;
    });
    const fill = (gi: number) => t.text.replace('{country}', groups[gi]!.name);
    return {
      template_id: t.id,
      low: { text: fill(lo), score: scores[lo]![ti]!, key: groups[lo]!.name },
      high: { text: fill(hi), score: scores[hi]![ti]!, key: groups[hi]!.name },
      gap: scores[hi]![ti]! - scores[lo]![ti]!,
    };
  }).sort((a, b) => b.gap - a.gap).slice(0, 10);

  return {
    schema_version: '1.0',
    tool: { name: 'bias-audit', version: '0.1.0' },
    created_at: '2025-11-26T10:00:00.000Z',
    model: {
      name: options.demo ? 'demo (embedded stand-in)' : 'distilbert-base-uncased-finetuned-sst-2-english',
      fingerprint: 'sha256:3f1c9a0e5b7d2468ace13579bdf02468ace13579bdf02468ace13579bdf0246',
      engine: 'tfjs', backend: 'tfjs-wasm', labels: ['NEGATIVE', 'POSITIVE'], demo: options.demo ?? false,
    },
    target: 'POSITIVE',
    probe: {
      id: 'countries', title: 'Country names in neutral sentences',
      description: 'Neutral sentences that differ only in the country named.',
      attribute: 'country', expectation: { type: 'invariant', direction: null }, spec: { templates: templates.map((t) => t.text) },
    },
    suite: null,
    lexicons: [{ name: 'countries', version: '1', source: 'world-countries 5.1.0' }],
    seed: options.seed ?? 7,
    timings: { score_seconds: 12.5 },
    counts: { sentences: records.length, unique_texts: records.length, scored: records.length, cached: 0 },
    records,
    stats: {
      attribute: 'country', seed: options.seed ?? 7, resamples: 2000, n_records: records.length,
      n_groups: groups.length, n_templates: templates.length, overall_mean: overall, overall_ci: meanCi(means),
      groups: groupStats, templates: templateStats,
      rollups: { region: rollup(groupStats, 'region'), income_group: rollup(groupStats, 'income_group') },
      omnibus: { friedman: { statistic: 812.4, p: 1e-12, k: groups.length, n: templates.length } },
      control: { n_groups: 5, score_range: 0.09, sd: 0.03, group_gap: { value: 0.09, ci: [0.05, 0.14] } },
      summary: {
        score_range: { value: range, ci: [range * 0.85, range * 1.1] },
        max_abs_centred: { value: Math.max(...groupStats.map((g) => Math.abs(g.centred))), ci: [0.1, 0.3] },
        flip_rate: { value: mean(templateStats.map((t) => t.flip_rate)), ci: [0.05, 0.2] },
      },
      extreme_pairs: pairs,
    },
    ...(options.suites ? { suites: options.suites } : {}),
  };
}

function record(
  t: { id: string; text: string; paraphrase_of: string | null },
  value: string,
  attrs: Record<string, string | number | boolean | null>,
  s: number,
  control: boolean,
): ResultRecord {
  return {
    text: t.text.replace('{country}', value), template: t.text, template_id: t.id, frame: 'neutral',
    paraphrase_of: t.paraphrase_of, slots: { country: { value, ...attrs } }, control, group: value, filler: value,
    probs: [1 - s, s], score: s, label: s >= 0.5 ? 'POSITIVE' : 'NEGATIVE',
  };
}

function rankAndAdjust(groups: GroupStat[]): void {
  const byMean = [...groups].sort((a, b) => b.mean - a.mean);
  byMean.forEach((g, i) => {
    g.rank = i + 1;
    g.rank_ci = [1 + groups.filter((o) => o.mean > g.ci[1]).length, 1 + groups.filter((o) => o.mean > g.ci[0]).length];
  });
  const m = groups.length;
  const byP = [...groups].sort((a, b) => a.p - b.p);
  let running = 0;
  byP.forEach((g, i) => {
    running = Math.max(running, Math.min(1, (m - i) * g.p));
    g.p_adj = running;
  });
  let min = 1;
  for (let i = m - 1; i >= 0; i--) {
    min = Math.min(min, (byP[i]!.p * m) / (i + 1));
    byP[i]!.p_adj_bh = min;
  }
  for (const g of groups) {
    g.significant = g.p_adj < 0.05;
    g.direction = g.significant ? (g.centred > 0 ? 'higher' : 'lower') : 'none';
    g.stable = g.significant && Math.max(g.templates_above, g.templates_below) >= 0.75 * g.n;
  }
}

function rollup(groups: GroupStat[], attr: string): RollupStat[] {
  const by = new Map<string, number[]>();
  for (const g of groups) {
    const k = String(g.attrs[attr] ?? 'unknown');
    by.set(k, [...(by.get(k) ?? []), g.mean]);
  }
  return [...by].map(([key, v]) => ({ key, n_groups: v.length, mean: mean(v), ci: meanCi(v) })).sort((a, b) => a.mean - b.mean);
}

function fail(message: string): never {
  throw new Error(message);
}
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const sd = (v: number[]) => Math.sqrt(v.reduce((a, b) => a + (b - mean(v)) ** 2, 0) / Math.max(1, v.length - 1));
const meanCi = (v: number[]): [number, number] => {
  const h = v.length > 1 ? (1.96 * sd(v)) / Math.sqrt(v.length) : 0;
  return [Math.max(0, mean(v) - h), Math.min(1, mean(v) + h)];
};
const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const lowerFirst = (s: string) => s[0]!.toLowerCase() + s.slice(1);
/** Normal CDF (Abramowitz–Stegun 26.2.17). */
function phi(z: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const d = 0.3989423 * Math.exp((-z * z) / 2);
  const p = d * t * (0.3193815 + t * (-0.3565638 + t * (1.781478 + t * (-1.821256 + t * 1.330274))));
  return z > 0 ? 1 - p : p;
}
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}
function shuffle<T>(items: T[], rand: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
function hash(s: string): number {
  let h = 2166136261;
  for (const ch of s) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h;
}
