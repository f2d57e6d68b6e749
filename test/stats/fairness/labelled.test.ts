import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { HF_FIXTURES } from '../../../src/config/paths.js';
import { analyzeLabelled, generalizedMean, labelledMetrics, pairedLabelled, planLabelled } from '../../../src/stats/fairness/index.js';
import { mulberry32 } from '../../../src/stats/random.js';
import { normalPpf, normalCdf } from '../../../src/stats/distributions.js';

/** scikit-learn 1.2 / scipy reference (../shared/fixtures/fairness/README.md). */
const FIXTURE = resolve(HF_FIXTURES, '..', 'fairness', 'labeled_metrics_ref.json');
interface Ref {
  threshold: number;
  groups: string[];
  labels: number[];
  scores: number[];
  membership: Record<string, number[]>;
  overall: Record<string, number>;
  subgroups: Record<string, unknown>[];
  generalized_mean_p: number;
  generalized_means: Record<string, number>;
  final_score: number;
}
const ref = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Ref;
const input = {
  scores: ref.scores,
  labels: ref.labels,
  subgroups: ref.groups.map((g) => ({ name: g, members: ref.membership[g] })),
  threshold: ref.threshold,
  power: ref.generalized_mean_p,
};

function expectWithin(actual: number | null, expected: number, what: string): void {
  if (actual === null || Math.abs(actual - expected) > 1e-9) throw new Error(`${what}: got ${actual}, expected ${expected} (1e-9)`);
}

describe('labelled-data group metrics against scikit-learn (labeled_metrics_ref.json)', () => {
  const values = labelledMetrics(planLabelled(input));

  it('agree with the overall AUC and threshold rates', () => {
    for (const k of ['auc', 'tpr', 'fpr', 'fnr', 'positive_rate'] as const) expectWithin(values.overall[k], ref.overall[k], `overall ${k}`);
  });

  it('agree on every field of every subgroup, background rates included', () => {
    expect(values.subgroups.map((s) => s.subgroup)).toEqual(ref.groups);
    let checked = 0;
    values.subgroups.forEach((s, i) => {
      const r = ref.subgroups[i] as Record<string, number> & { background: Record<string, number> };
      expect(s.n).toBe(r.n);
      expect(s.positives).toBe(r.positives);
      for (const [k, v] of Object.entries(r)) {
        if (typeof v !== 'number' || k === 'n' || k === 'positives') continue;
        expectWithin(s[k as keyof typeof s] as number, v, `${s.subgroup} ${k}`);
        checked++;
      }
      for (const [k, v] of Object.entries(r.background)) expectWithin(s.background[k as 'tpr'], v, `${s.subgroup} background ${k}`);
    });
    expect(checked).toBe(7 * 13);
  });

  it('agree on the generalized means (p = -5) and the Jigsaw final score', () => {
    for (const k of ['subgroup_auc', 'bpsn_auc', 'bnsp_auc'] as const) expectWithin(values.generalized_means[k], ref.generalized_means[k], `generalized mean ${k}`);
    expectWithin(values.final_score, ref.final_score, 'final score');
  });

  it('give integer weights the same values as repeating the texts', () => {
    const rng = mulberry32(7);
    const weights = Float64Array.from(ref.scores, () => rng.int(3));
    const repeated = { scores: [] as number[], labels: [] as number[], members: ref.groups.map(() => [] as number[]) };
    weights.forEach((w, i) => {
      for (let k = 0; k < w; k++) {
        ref.groups.forEach((g, j) => { if (ref.membership[g].includes(i)) repeated.members[j].push(repeated.scores.length); });
        repeated.scores.push(ref.scores[i]);
        repeated.labels.push(ref.labels[i]);
      }
    });
    const weighted = labelledMetrics(planLabelled(input), weights);
    const expanded = labelledMetrics(planLabelled({
      ...input,
      scores: repeated.scores,
      labels: repeated.labels,
      subgroups: ref.groups.map((g, j) => ({ name: g, members: repeated.members[j] })),
    }));
    expect(weighted.final_score).toBeCloseTo(expanded.final_score!, 12);
    expect(weighted.subgroups[2].bpsn_auc).toBeCloseTo(expanded.subgroups[2].bpsn_auc!, 12);
    expect(weighted.subgroups[4].negative_aeg).toBeCloseTo(expanded.subgroups[4].negative_aeg!, 12);
    expect(weighted.overall.f1).toBeCloseTo(expanded.overall.f1!, 12);
  });

  it('compute accuracy and F1 from the confusion matrix at the threshold', () => {
    let tp = 0, fp = 0, fn = 0, tn = 0;
    ref.scores.forEach((s, i) => {
      const p = s >= ref.threshold;
      if (ref.labels[i] === 1) {
        if (p) tp++;
        else fn++;
      } else {
        if (p) fp++;
        else tn++;
      }
    });
    expect(values.overall.accuracy).toBeCloseTo((tp + tn) / 3000, 14);
    expect(values.overall.f1).toBeCloseTo((2 * tp) / (2 * tp + fp + fn), 14);
  });

  it('leave undefined quantities null: a one-class subgroup has no subgroup AUC', () => {
    const onlyNegatives = ref.labels.map((y, i) => (y === 0 ? i : -1)).filter((i) => i >= 0).slice(0, 20);
    const v = labelledMetrics(planLabelled({ ...input, subgroups: [{ name: 'neg', members: onlyNegatives }] }));
    expect(v.subgroups[0].subgroup_auc).toBeNull();
    expect(v.subgroups[0].bnsp_auc).toBeNull();
    expect(v.subgroups[0].tpr).toBeNull();
    expect(v.subgroups[0].bpsn_auc).not.toBeNull();
  });

  it('take the power mean of the defined values only', () => {
    expect(generalizedMean([0.8, null, 0.9], -5)).toBeCloseTo((((0.8 ** -5) + (0.9 ** -5)) / 2) ** (-1 / 5), 14);
    expect(generalizedMean([null], -5)).toBeNull();
  });
});

describe('small-sample intervals (Wilson, Newcombe, DeLong)', () => {
  it('bracket the point estimates of the fixture', () => {
    const a = analyzeLabelled(input, { resamples: 200, seed: 1 });
    for (const s of a.subgroups) {
      expect(s.bpsn_auc.ci[0]!).toBeLessThan(s.bpsn_auc.value!);
      expect(s.bpsn_auc.ci[1]!).toBeGreaterThan(s.bpsn_auc.value!);
    }
    expect(a.final_score.value).toBeCloseTo(ref.final_score, 12);
    expect(a.overall.auc.ci[1]! - a.overall.auc.ci[0]!).toBeGreaterThan(0.01);
    expect(a.overall.auc.ci[1]! - a.overall.auc.ci[0]!).toBeLessThan(0.05);
  });

  it('list subgroups under 20 positives or 20 negatives as too small to judge, and name them in the note', () => {
    const tiny = ref.membership.male.slice(0, 40);
    const positives = tiny.filter((i) => ref.labels[i] === 1).length;
    const a = analyzeLabelled({ ...input, subgroups: [{ name: 'tiny', members: tiny }] }, { resamples: 100, seed: 2 });
    expect(a.too_small).toEqual([{ subgroup: 'tiny', positives, negatives: 40 - positives }]);
    expect(a.subgroups[0].judged).toBe(false);
    expect(a.worst.bpsn_auc.value).toBeNull();
    expect(a.worst.bpsn_auc.note).toMatch(/^0 of 1 subgroups judged; tiny: (\d+ positives( and \d+ negatives)?|\d+ negatives), too small$/);
    expect(a.warnings).toHaveLength(1);
  });

  it('give a 0-of-6 false positive rate a Wilson interval and its gap a Newcombe interval, neither zero-width', () => {
    // 6 subgroup negatives all scored below the threshold, background negatives often above it.
    const background = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? 0.7 : 0.2));
    const scores = [0.1, 0.2, 0.1, 0.3, 0.2, 0.1, ...background, ...Array.from({ length: 60 }, () => 0.9)];
    const labels = [...Array(66).fill(0), ...Array(60).fill(1)];
    const a = analyzeLabelled({ scores, labels, subgroups: [{ name: 'women', members: [0, 1, 2, 3, 4, 5, 66, 67] }], threshold: 0.5 }, { resamples: 50, seed: 1 });
    const s = a.subgroups[0];
    expect(s.fpr.value).toBe(0);
    expect(s.fpr.ci[0]).toBe(0);
    expect(s.fpr.ci[1]!).toBeGreaterThan(0.3);
    expect(s.fpr_gap.value).toBeCloseTo(-20 / 60, 12);
    expect(s.fpr_gap.ci[1]! - s.fpr_gap.ci[0]!).toBeGreaterThan(0.3);
    expect(s.fpr_gap.ci[0]!).toBeLessThan(s.fpr_gap.value!);
    expect(s.fpr_gap.ci[1]!).toBeGreaterThan(s.fpr_gap.value!);
    expect(a.worst.fpr_gap.note).toBe('0 of 1 subgroups judged; women: 2 positives and 6 negatives, too small');
  });

  // Known truth: scores are binormal, so the subgroup AUC is Phi(d / sqrt 2) and the FPR gap at the threshold
  // is the difference of two normal tail probabilities.
  it('cover the true subgroup AUC, BPSN AUC and FPR gap about 95% of the time (seeded simulation)', () => {
    const rng = mulberry32(20261202);
    const gauss = () => normalPpf((rng.nextUint32() + 0.5) / 4294967296);
    const dSub = 1.0, dBg = 1.5, shiftSubNeg = 0.4, threshold = 0.8;
    const truth = {
      subgroup_auc: normalCdf(dSub / Math.SQRT2),
      // BPSN: background positives (mean dBg) above subgroup negatives (mean shiftSubNeg).
      bpsn_auc: normalCdf((dBg - shiftSubNeg) / Math.SQRT2),
      fpr_gap: (1 - normalCdf(threshold - shiftSubNeg)) - (1 - normalCdf(threshold)),
    };
    const runs = 100;
    const hits = { subgroup_auc: 0, bpsn_auc: 0, fpr_gap: 0 };
    for (let run = 0; run < runs; run++) {
      const n = 500, scores: number[] = [], labels: number[] = [], members: number[] = [];
      for (let i = 0; i < n; i++) {
        const y = rng.next() < 0.4 ? 1 : 0;
        const sub = rng.next() < 0.3;
        const mean = sub ? (y ? shiftSubNeg + dSub : shiftSubNeg) : y ? dBg : 0;
        if (sub) members.push(i);
        scores.push(mean + gauss());
        labels.push(y);
      }
      const a = analyzeLabelled({ scores, labels, subgroups: [{ name: 's', members }], threshold }, { resamples: 0, seed: run });
      const s = a.subgroups[0];
      for (const k of ['subgroup_auc', 'bpsn_auc', 'fpr_gap'] as const) {
        if (s[k].ci[0]! <= truth[k] && truth[k] <= s[k].ci[1]!) hits[k]++;
      }
    }
    for (const k of Object.keys(hits) as (keyof typeof hits)[]) {
      const coverage = hits[k] / runs;
      expect(coverage).toBeGreaterThan(0.89);
      expect(coverage).toBeLessThan(0.995);
    }
  });
});

describe('worst-subgroup metrics for policies', () => {
  it('take the lowest AUCs and the largest absolute gaps over judged subgroups, with simultaneous intervals around them', () => {
    const a = analyzeLabelled(input, { resamples: 200, seed: 4 });
    expect(a.too_small).toEqual([]);
    const lowestBpsn = Math.min(...ref.subgroups.map((s) => s.bpsn_auc as number));
    const largestFpr = Math.max(...ref.subgroups.map((s) => Math.abs(s.fpr_gap as number)));
    expect(a.worst.bpsn_auc.value).toBeCloseTo(lowestBpsn, 12);
    expect(a.worst.fpr_gap.value).toBeCloseTo(largestFpr, 12);
    expect(a.worst.bpsn_auc.note).toBe(`${ref.groups.length} of ${ref.groups.length} subgroups judged`);
    for (const k of ['bpsn_auc', 'fpr_gap', 'equalized_odds_difference'] as const) {
      expect(a.worst[k].ci[0]!).toBeLessThan(a.worst[k].value!);
      expect(a.worst[k].ci[1]!).toBeGreaterThan(a.worst[k].value!);
    }
    // The lowest BPSN AUC's upper bound is the lowest of the subgroups' simultaneous upper bounds: at or above the
    // worst subgroup's marginal 95% upper bound (a simultaneous interval is wider).
    const worstMarginal = a.subgroups.find((s) => s.subgroup === a.worst.bpsn_auc.subgroup)!.bpsn_auc.ci;
    expect(a.worst.bpsn_auc.ci[0]!).toBeLessThan(worstMarginal[0]!);
    expect(a.simultaneous_level).toBeCloseTo(0.95 ** (1 / ref.groups.length), 12);
  });
});

describe('paired worst-subgroup changes (audit diff of two data runs)', () => {
  it('judge only the subgroups the runs judged, as their stored gate metrics do', () => {
    const subgroups = ref.groups.slice(0, 2).map((g) => ({ name: g, members: ref.membership[g] }));
    const scoresB = ref.scores.map((x) => x * 0.9);
    const shared = { labels: ref.labels, subgroups, threshold: ref.threshold, scoresA: ref.scores, scoresB };
    const both = pairedLabelled(shared, { resamples: 20, seed: 1 });
    const second = pairedLabelled({ ...shared, judged: [false, true] }, { resamples: 20, seed: 1 });
    const single = analyzeLabelled({ ...input, subgroups: [subgroups[1]] }, { resamples: 0, seed: 1 });
    expect(second.worst.bpsn_auc.a).toBeCloseTo(single.subgroups[0].bpsn_auc.value!, 12);
    expect(both.worst.bpsn_auc.a).toBeCloseTo(Math.min(...ref.subgroups.slice(0, 2).map((s) => s.bpsn_auc as number)), 12);
  });
});
