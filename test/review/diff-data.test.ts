import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAudit } from '../../src/audit.js';
import { loadDataRecords, type DataRecord, type DataResult } from '../../src/result/index.js';
import { checkRun } from '../../src/review/check.js';
import { checkRunDir } from '../../src/review/check-io.js';
import { diffRuns } from '../../src/review/diff.js';
import { parsePolicy } from '../../src/review/policy.js';
import { writeDiff } from '../../src/review/diff-io.js';
import { independentChange } from '../../src/review/paired.js';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import { ensureBuilt } from '../helpers/cli.js';
import { FakeClassifier } from '../helpers/fake-classifier.js';
import { writeReviewsCsv } from '../helpers/reviews.js';

const dir = mkdtempSync(join(tmpdir(), 'diff-data-'));


/** A score from the verb, plus a little from the day number (the same in a text and its counterfactuals); at most 0.99 with A's bias. */
const base = (t: string) => (/great|fine|love/i.test(t) ? 0.58 : 0.2) + (Number(/day (\d+)/.exec(t)![1]) % 7) / 100;
/** A: texts with he/him/his/man score 0.35 higher. B: the same model without that bias. */
const modelA = (t: string) => base(t) + (/\b(he|him|his|man|men)\b/i.test(t) ? 0.35 : 0);
const modelB = (t: string) => base(t);

type Run = { outcome: { result: DataResult }; records: DataRecord[]; dir: string };

async function run(score: (t: string) => number, name: string): Promise<Run> {
  const out = join(dir, name);
  const { result } = await runAudit({
    kind: 'data', source: file, read: { labelColumn: 'label', groupColumns: ['flag'] }, resamples: 300, seed: 11,
    classifier: new FakeClassifier(score), out,
  });
  if (result.kind !== 'data') throw new Error(`a ${result.kind} result`);
  return { outcome: { result }, records: await loadDataRecords(join(out, 'result.json'), result), dir: out };
}

const file = writeReviewsCsv(dir, { flagEvery: 3, markupRow: 7 });
let A: Awaited<ReturnType<typeof run>>;
let B: Awaited<ReturnType<typeof run>>;
beforeAll(async () => {
  A = await run(modelA, 'a');
  B = await run(modelB, 'b');
});

describe('audit diff of two data runs, paired text by text', () => {
  it('pairs every text and measures the per-text change: the 60 "He" texts lose 0.35, so the mean moves by 0.35 / 4', () => {
    const d = diffRuns(A.outcome.result, B.outcome.result, { records: { a: A.records, b: B.records } }).data!;
    expect(d.texts).toEqual({ paired: 240, only_a: 0, only_b: 0, labels_differ: 0 });
    expect(d.scores!.mean_change.value).toBeCloseTo(-0.35 / 4, 12);
    expect(d.scores!.mean_abs_change.value).toBeCloseTo(0.35 / 4, 12);
    // "He" rows with a negative verb cross the threshold in A only: 40 of the 60.
    expect(d.scores!.decisions_changed.value).toBeCloseTo(40 / 240, 12);
    expect(d.scores!.mean_change.ci[0]!).toBeLessThan(-0.35 / 4);
    expect(d.scores!.mean_change.ci[1]!).toBeGreaterThan(-0.35 / 4);
  });

  it('pairs the counterfactuals: female -> male loses its whole +0.35, with no resampling noise', () => {
    const d = diffRuns(A.outcome.result, B.outcome.result, { records: { a: A.records, b: B.records } }).data!;
    const up = d.swaps.find((s) => s.axis === 'gender' && s.from === 'female' && s.to === 'male')!;
    expect(up.counterfactuals).toBe(60);
    expect(up.mean_change.a).toBeCloseTo(0.35, 10);
    expect(up.mean_change.b).toBeCloseTo(0, 10);
    expect(up.mean_change.change).toBeCloseTo(-0.35, 10);
    expect(up.mean_change.ci[0]).toBeCloseTo(-0.35, 10);
    expect(up.mean_change.ci[1]).toBeCloseTo(-0.35, 10);
    const axis = d.swaps.find((s) => s.axis === 'gender' && s.from === null)!;
    expect(axis.ctf_gap.change).toBeCloseTo(-0.35, 10);
  });

  it('reports policy metrics as paired when the recomputation reproduces both stored values', () => {
    const diff = diffRuns(A.outcome.result, B.outcome.result, { records: { a: A.records, b: B.records } });
    const sa = A.outcome.result.data!.summary;
    const sb = B.outcome.result.data!.summary;
    for (const name of ['ctf_gap', 'flip_rate', 'mean_change', 'bpsn_auc', 'subgroup_auc', 'fpr_gap', 'overall_auc', 'accuracy', 'final_score']) {
      const m = diff.metrics[name];
      expect([name, m.method]).toEqual([name, 'paired']);
      expect(m.change.value).toBeCloseTo(sb[name].value! - sa[name].value!, 12);
    }
    expect(diff.notes).toEqual([]);
  });

  it('rebuilds each subgroup, column subgroups included, with the values each run stored', () => {
    const d = diffRuns(A.outcome.result, B.outcome.result, { records: { a: A.records, b: B.records } }).data!;
    const stored = (r: typeof A, name: string) => r.outcome.result.data!.groups!.subgroups.find((s) => s.subgroup === name)!;
    for (const name of ['flag', 'gender:male', 'gender:female']) {
      const g = d.groups!.subgroups.find((s) => s.subgroup === name)!;
      expect(g.bpsn_auc.a).toBeCloseTo(stored(A, name).bpsn_auc.value!, 12);
      expect(g.bpsn_auc.b).toBeCloseTo(stored(B, name).bpsn_auc.value!, 12);
      expect(g.fpr_gap.a).toBeCloseTo(stored(A, name).fpr_gap.value!, 12);
    }
  });

  it('finds no change between a run and itself: every paired interval is [0, 0]', () => {
    const d = diffRuns(A.outcome.result, A.outcome.result, { records: { a: A.records, b: A.records } });
    expect(d.data!.scores!.mean_change).toEqual({ value: 0, ci: [0, 0] });
    expect(d.data!.scores!.decisions_changed.value).toBe(0);
    for (const m of Object.values(d.metrics)) expect([m.method, m.change.value, ...m.change.ci]).toEqual(['paired', 0, 0, 0]);
  });

  it('leaves texts only one run scored out, and says so', () => {
    const fewer = B.records.filter((r) => !(r.kind === 'original' && r.row < 12));
    const d = diffRuns(A.outcome.result, B.outcome.result, { records: { a: A.records, b: fewer } });
    expect(d.data!.texts).toMatchObject({ paired: 228, only_a: 12, only_b: 0 });
    expect(d.notes[0]).toBe('228 texts are in both runs; 12 only in A and 0 only in B are left out of the paired changes.');
    // The recomputed metrics no longer reproduce the stored ones: those fall back to independent intervals.
    expect(d.metrics.overall_auc.method).toBe('independent');
    expect(d.metrics.overall_auc.change).toEqual(independentChange(d.metrics.overall_auc.a, d.metrics.overall_auc.b));
    expect(d.notes[1]).toMatch(/^Recomputed on the paired texts, .*overall_auc.* did not reproduce both runs’ stored values/);
  });

  it('writes diff.html from the run directories, with the texts escaped side by side', async () => {
    const out = join(dir, 'diff');
    const written = await writeDiff(A.dir, B.dir, { out });
    const html = readFileSync(written.html, 'utf8');
    expect(html).toContain('240 texts paired by text');
    expect(html).toContain('<caption>The 10 texts whose score changed most</caption>');
    expect(html).toMatch(/On the 240 texts both runs scored, B’s score is 0\.088 lower than A’s on average/);
    expect(html).not.toContain('<img src=x');
    // male -> female: the mean change was −0.35 in A and is 0 in B.
    expect(html).toContain('<td>male \u2192 female</td><td class="num">60</td><td class="num">\u22120.350 \u2192 0.000</td>');
    const json = JSON.parse(readFileSync(written.json, 'utf8'));
    expect(json.data.largest_changes[0].change).toBeCloseTo(-0.35, 10);
    expect(json.metrics.ctf_gap.method).toBe('paired');
  });
});

describe('audit check --baseline on two data runs', () => {
  const policy = parsePolicy('rules:\n  data:\n    ctf_gap: {max_increase: 0.1}\n', 'policy.yaml');

  it('fails a run whose CTF gap grew by 0.35 against the baseline, paired text by text', () => {
    const outcome = checkRun(A.outcome.result, policy, B.outcome.result, { records: { a: B.records, b: A.records } });
    const rule = outcome.rules.find((r) => r.id === 'data.ctf_gap.max_increase')!;
    expect(rule).toMatchObject({ status: 'fail', method: 'paired' });
    expect(rule.estimate!.value).toBeCloseTo(0.35, 10);
    expect(rule.estimate!.ci[0]).toBeCloseTo(0.35, 10);
    expect(rule.message).toMatch(/paired by text\): lower bound \+0\.3500 > max_increase 0\.1$/);
  });

  it('refuses a baseline that audits another file (E_BASELINE_PROBE)', () => {
    const other = { ...B.outcome.result, data: { ...B.outcome.result.data!, file_name: 'tweets.csv' } };
    expect(() => checkRun(A.outcome.result, policy, other)).toThrow(
      'the baseline run is of data:tweets.csv, this run is of data:reviews.csv: a baseline must be a run of the same probe or data',
    );
  });

  it('reads both runs\u2019 records from their run directories', async () => {
    const written = join(dir, 'policy.yaml');
    writeFileSync(written, 'rules:\n  data:\n    ctf_gap: {max_increase: 0.1}\n');
    const { outcome } = await checkRunDir(B.dir, { policy: written, baseline: A.dir });
    expect(outcome.rules.find((r) => r.id === 'data.ctf_gap.max_increase')).toMatchObject({ status: 'pass', method: 'paired' });
  });
});

describe('paired intervals hold their level when the truth is known (bench/calibrate-diff.mjs, N = 200)', () => {
  // Run on the built code in a child process, where the simulations are about ten times faster than under Jest.
  let row: { n: number; meanCoverage: number; aucTruth: number; aucCoverage: number; widthRatio: number };
  beforeAll(() => {
    ensureBuilt();
    const run = spawnSync(process.execPath, ['--no-warnings', join(PACKAGE_ROOT, 'bench', 'calibrate-diff.mjs'), '--n', '200', '--no-probe',
      '--json'], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`calibrate-diff.mjs failed: ${run.stderr}`);
    row = JSON.parse(run.stdout);
  }, 120_000);
  // 95% +- 2 Monte Carlo standard errors at N = 200 (1.5 points each), a little wider below for the percentile interval.
  it('covers the mean score change B − A (truth 0.05) about 95% of the time', () => {
    expect(row.meanCoverage).toBeGreaterThan(0.91);
    expect(row.meanCoverage).toBeLessThan(0.99);
  });

  it('covers the change in AUC, whose truth comes from a population of 400,000 texts', () => {
    expect(row.aucTruth).toBeCloseTo(-0.0126, 3);
    expect(row.aucCoverage).toBeGreaterThan(0.91);
    expect(row.aucCoverage).toBeLessThan(0.99);
  });

  it('is much narrower than the two runs\u2019 own intervals combined as independent', () => {
    expect(row.widthRatio).toBeLessThan(0.5);
  });
});
