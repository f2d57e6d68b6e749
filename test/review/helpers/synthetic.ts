import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditResult, GroupStat, Interval, ResultRecord } from '../../../src/result-types.js';

/**
 * Synthetic runs for the review tests: one sentence per (template, group), scores from a group effect plus a
 * template effect, and a stats block computed here with the plain definitions (group mean = mean over templates,
 * gap = max - min of the means, ...). Intervals are value ± `halfWidth` unless given.
 */
export interface GroupSpec {
  key: string;
  /** Added to the template's base score. */
  effect?: number;
  numeric?: string;
  significant?: boolean;
  direction?: GroupStat['direction'];
  p_adj?: number;
  rank_ci?: [number, number];
}

export interface RunSpec {
  probe?: string;
  title?: string;
  attribute?: string;
  groups?: GroupSpec[];
  templates?: number;
  model?: { name?: string; fingerprint?: string; demo?: boolean };
  /** Overrides of summary metrics (value and/or ci). */
  summary?: Record<string, Partial<Interval>>;
  halfWidth?: number;
  /** Scores: base per template + group effect, clamped to (0.001, 0.999). */
  base?: (template: number) => number;
  seed?: number;
}

export const DEFAULT_GROUPS: GroupSpec[] = [
  { key: 'France', effect: 0.1, numeric: '250' },
  { key: 'Kenya', effect: -0.05, numeric: '404' },
  { key: 'Japan', effect: 0.02, numeric: '392' },
  { key: 'Brazil', effect: 0, numeric: '076' },
];

export function makeRun(spec: RunSpec = {}): AuditResult {
  const groups = spec.groups ?? DEFAULT_GROUPS;
  const T = spec.templates ?? 6;
  const attribute = spec.attribute ?? 'country';
  const base = spec.base ?? ((t: number) => 0.3 + 0.07 * t);
  const records: ResultRecord[] = [];
  const scores: number[][] = groups.map(() => []);
  for (let t = 0; t < T; t++) {
    const template = `Template ${t} about {${attribute}}.`;
    groups.forEach((g, gi) => {
      const score = Math.min(0.999, Math.max(0.001, base(t) + (g.effect ?? 0)));
      scores[gi].push(score);
      records.push({
        text: template.replace(`{${attribute}}`, g.key), template, template_id: `t${t}`, frame: 'neutral', paraphrase_of: null,
        slots: { [attribute]: { value: g.key, ...(g.numeric ? { numeric: g.numeric } : {}) } },
        control: false, group: g.key, filler: g.key, probs: [1 - score, score], score, label: score >= 0.5 ? 'POSITIVE' : 'NEGATIVE',
      });
    });
  }
  const means = scores.map((s) => s.reduce((a, b) => a + b, 0) / s.length);
  const overall = means.reduce((a, b) => a + b, 0) / means.length;
  const h = spec.halfWidth ?? 0.02;
  const around = (value: number): Interval => ({ value, ci: [value - h, value + h] });
  const ranges = Array.from({ length: T }, (_, t) => Math.max(...scores.map((s) => s[t])) - Math.min(...scores.map((s) => s[t])));
  const flips = Array.from({ length: T }, (_, t) => {
    let differ = 0;
    let pairs = 0;
    for (let i = 0; i < groups.length; i++) {
      for (let j = i + 1; j < groups.length; j++) {
        pairs++;
        if ((scores[i][t] >= 0.5) !== (scores[j][t] >= 0.5)) differ++;
      }
    }
    return differ / pairs;
  });
  const order = [...means].sort((a, b) => b - a);
  const groupStats: GroupStat[] = groups.map((g, gi) => ({
    key: g.key, n: T, mean: means[gi], ci: [means[gi] - h, means[gi] + h],
    centred: means[gi] - overall, centred_ci: [means[gi] - overall - h, means[gi] - overall + h],
    rank: order.indexOf(means[gi]) + 1, rank_ci: g.rank_ci ?? [order.indexOf(means[gi]) + 1, order.indexOf(means[gi]) + 1],
    p: g.p_adj ?? 0.5, p_perm: g.p_adj ?? 0.5, p_adj: g.p_adj ?? 0.5, p_adj_bh: g.p_adj ?? 0.5,
    significant: g.significant ?? false, stable: true, direction: g.direction ?? 'none', templates_above: 0, templates_below: 0,
    attrs: (g.numeric ? { numeric: g.numeric } : {}) as GroupStat['attrs'],
  }));
  const summary: Record<string, Interval> = {
    group_gap: around(Math.max(...means) - Math.min(...means)),
    max_abs_deviation: around(Math.max(...means.map((m) => Math.abs(m - overall)))),
    flip_rate: around(flips.reduce((a, b) => a + b, 0) / T),
    share_significant: around(groupStats.filter((g) => g.significant).length / groups.length),
    score_range_mean: around(ranges.reduce((a, b) => a + b, 0) / T),
    mean_score: around(overall),
  };
  for (const [name, o] of Object.entries(spec.summary ?? {})) {
    summary[name] = { ...(summary[name] ?? { value: 0, ci: [0, 0] }), ...o } as Interval;
  }
  const probe = spec.probe ?? 'countries';
  return {
    schema_version: '1.0',
    tool: { name: 'bias-audit', version: '0.1.0' },
    created_at: '2025-06-01T12:00:00.000Z',
    model: { name: spec.model?.name ?? 'model-a', fingerprint: spec.model?.fingerprint ?? 'sha256:aaaa', engine: 'tfjs', backend: 'cpu', labels: ['NEGATIVE', 'POSITIVE'], demo: spec.model?.demo ?? false },
    target: 'POSITIVE',
    probe: { id: probe, title: spec.title ?? 'Countries', description: '', attribute, expectation: { type: 'invariant' }, spec: {} },
    suite: null,
    lexicons: [],
    seed: spec.seed ?? 1,
    timings: {},
    counts: { sentences: records.length, unique_texts: records.length, scored: records.length, cached: 0 },
    records,
    stats: {
      attribute, seed: spec.seed ?? 1, resamples: 400, n_records: records.length, n_groups: groups.length, n_templates: T,
      overall_mean: overall, overall_ci: [overall - h, overall + h], groups: groupStats, templates: [], rollups: {},
      omnibus: { friedman: null }, control: null, summary, extreme_pairs: [],
    },
  };
}

/** Writes result.json into a fresh temporary run directory and returns the directory. */
export function writeRun(result: AuditResult, name = 'run'): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'review-')), name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'result.json'), JSON.stringify(result));
  return dir;
}
