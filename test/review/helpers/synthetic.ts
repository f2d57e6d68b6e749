import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RESULT_SCHEMA_VERSION, type AuditResult, type ProbeResult, type GroupStat, type Interval, type ResultRecord } from '../../../src/result/index.js';
import { analyzeProbe } from '../../../src/stats/probe/analyze.js';

/**
 * Synthetic runs for the review tests: one sentence per (template, group), scores from a group effect plus a
 * template effect, and the stats block produced by the analysis itself (analyzeProbe), so that the review stage
 * reads exactly what production writes. A spec may override a group's verdict or a summary metric (value and/or
 * interval) to put a rule on either side of its threshold.
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

export function makeRun(spec: RunSpec = {}): ProbeResult {
  const groups = spec.groups ?? DEFAULT_GROUPS;
  const T = spec.templates ?? 6;
  const attribute = spec.attribute ?? 'country';
  const base = spec.base ?? ((t: number) => 0.3 + 0.07 * t);
  const records: ResultRecord[] = [];
  for (let t = 0; t < T; t++) {
    const template = `Template ${t} about {${attribute}}.`;
    groups.forEach((g) => {
      const score = Math.min(0.999, Math.max(0.001, base(t) + (g.effect ?? 0)));
      records.push({
        text: template.replace(`{${attribute}}`, g.key), template, template_id: `t${t}`, frame: 'neutral', paraphrase_of: null,
        slots: { [attribute]: { value: g.key, ...(g.numeric ? { numeric: g.numeric } : {}) } },
        control: false, group: g.key, filler: g.key, probs: [1 - score, score], score, label: score >= 0.5 ? 'POSITIVE' : 'NEGATIVE',
      });
    });
  }
  const stats = analyzeProbe(records, { attribute, seed: spec.seed ?? 1, resamples: 400 });
  stats.groups.forEach((g, gi) => {
    const o = groups[gi];
    // Noise-free scores give every effect a zero standard error (p = 0): a spec's p_adj sets the verdict it implies.
    if (o.p_adj !== undefined) {
      g.p_adj = o.p_adj;
      g.significant = o.p_adj < 0.05;
      if (!g.significant) g.direction = 'none';
      // The shown interval agrees with the verdict (result/effect.ts reads the mark off it).
      const half = Math.abs(g.centred) + 0.01;
      if (!g.significant) g.sim_ci = [g.centred - half, g.centred + half];
    }
    if (o.significant !== undefined) g.significant = o.significant;
    if (o.direction !== undefined) g.direction = o.direction;
    if (o.rank_ci !== undefined) g.rank_ci = o.rank_ci;
  });
  const summary = stats.summary as Record<string, Interval>;
  for (const [name, o] of Object.entries(spec.summary ?? {})) {
    summary[name] = { ...(summary[name] ?? { value: 0, ci: [0, 0] }), ...o } as Interval;
  }
  const probe = spec.probe ?? 'countries';
  return {
    kind: 'probe',
    schema_version: RESULT_SCHEMA_VERSION,
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
    stats,
  };
}

/** Writes result.json into a fresh temporary run directory and returns the directory. */
export function writeRun(result: AuditResult, name = 'run'): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'review-')), name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'result.json'), JSON.stringify(result));
  return dir;
}
