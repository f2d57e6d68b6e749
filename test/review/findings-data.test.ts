/**
 * Findings of data runs: subgroup rate gaps and swap pairs, ranked on simultaneous intervals against the policy's
 * margins, on a committed CSV with a planted false-positive gap and on the SST-2 dev data run of the demo model.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import { findingsOf } from '../../src/review/findings.js';
import { parsePolicy } from '../../src/review/policy.js';
import type { AuditResult, CheckFile, DataResult } from '../../src/result/index.js';
import { audit, ensureBuilt } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'findings-data-'));
const cache = join(dir, 'cache');
const datasets = [join(PACKAGE_ROOT, '..', 'shared', 'datasets'), join(PACKAGE_ROOT, '..', '..', 'shared', 'datasets')].find((d) => existsSync(d));
const read = (run: string, file: string) => readFileSync(join(dir, run, file), 'utf8');

beforeAll(() => ensureBuilt());

describe('a CSV with a planted false-positive gap (test/fixtures/data/planted-gap.csv)', () => {
  // 60 texts of subgroup dialect_a, 20 of whose 30 negatives read as positive; 120 other texts that read as labelled.
  let result: DataResult;
  let check: CheckFile;
  let stdout: string;
  beforeAll(() => {
    const r = audit(['run', '--data', join(PACKAGE_ROOT, 'test', 'fixtures', 'data', 'planted-gap.csv'), '--label-column', 'label',
      '--group-columns', 'dialect_a', '--resamples', '200', '--cache', cache, '--out', join(dir, 'gap')]);
    expect(r.code).toBe(0);
    stdout = r.stdout;
    result = JSON.parse(read('gap', 'result.json'));
    check = JSON.parse(read('gap', 'check.json'));
  }, 120_000);

  it('finds the planted gap, major, in one plain sentence with the rates, the simultaneous interval and n per class', () => {
    const s = result.data.groups!.subgroups.find((x) => x.subgroup === 'dialect_a')!;
    expect(s.fpr.value).toBeCloseTo(20 / 30, 12);
    expect(s.fpr_gap.value).toBeCloseTo(20 / 30, 12);
    // Šidák over the one judged subgroup is the marginal level: the same interval.
    expect(s.sim_gaps!.fpr_gap).toEqual(s.fpr_gap.ci);
    expect(check.findings).toHaveLength(1);
    const f = check.findings[0];
    expect(f).toMatchObject({ severity: 'major', subject: 'dialect_a: fpr_gap', value: s.fpr_gap.value, ci: s.sim_gaps!.fpr_gap });
    const [lo, hi] = s.sim_gaps!.fpr_gap.map((x) => Math.round(100 * x!));
    expect(f.sentence).toBe(`Texts in “dialect a”: false positive rate 67 points higher than the other texts’ (67% vs 0.0%; 95% ` +
      `simultaneous CI +${lo} to +${hi} points; 60 texts, 30 positive and 30 negative, beside 120 others).`);
    expect(lo).toBeGreaterThan(100 * check.finding_margin);
  });

  it('ends the terminal output, opens the Markdown export, and sits in the report\'s verdict header', () => {
    expect(stdout).toMatch(/verdict \(policy default\): Fail.*\n {2}1\. \[major\] Texts in “dialect a”: false positive rate 67 points higher/);
    const md = audit(['export', join(dir, 'gap'), '--format', 'md']);
    expect(md.code).toBe(0);
    expect(md.stdout.indexOf('Texts in “dialect a”: false positive rate 67 points')).toBeLessThan(md.stdout.indexOf('## Bias'));
    const html = read('gap', 'report.html');
    expect(html.indexOf('Texts in “dialect a”: false positive rate 67 points')).toBeGreaterThan(0);
    expect(html.indexOf('Texts in “dialect a”: false positive rate 67 points')).toBeLessThan(html.indexOf('Your data: planted-gap.csv'));
  });
});

describe('the SST-2 dev data run of the demo model, labelled, with gender swaps', () => {
  let result: DataResult;
  let check: CheckFile;
  beforeAll(() => {
    const r = audit(['run', '--data', 'sst2-dev', '--label-column', 'label', '--swap', 'gender', '--resamples', '200', '--cache', cache,
      '--out', join(dir, 'sst2'), ...(datasets ? ['--datasets', datasets] : [])]);
    expect(r.code).toBe(0);
    result = JSON.parse(read('sst2', 'result.json'));
    check = JSON.parse(read('sst2', 'check.json'));
  }, 180_000);

  it('gives judged subgroups and every swap pair simultaneous intervals that contain the marginal ones', () => {
    const judged = result.data.groups!.subgroups.filter((s) => s.judged);
    expect(judged.length).toBeGreaterThan(0);
    for (const s of judged) {
      expect(s.sim_gaps!.fpr_gap[0]!).toBeLessThanOrEqual(s.fpr_gap.ci[0]!);
      expect(s.sim_gaps!.fpr_gap[1]!).toBeGreaterThanOrEqual(s.fpr_gap.ci[1]!);
    }
    expect(result.data.groups!.subgroups.filter((s) => !s.judged).every((s) => s.sim_gaps === undefined)).toBe(true);
    const pairs = result.data.swaps!.axes.flatMap((a) => a.pairs);
    expect(pairs.length).toBeGreaterThanOrEqual(2);
    for (const p of pairs) {
      expect(p.sim_ci![0]!).toBeLessThan(p.mean_change.ci[0]!);
      expect(p.sim_ci![1]!).toBeGreaterThan(p.mean_change.ci[1]!);
      // The typical example is a real counterfactual of the pair, its change the difference of its two scores.
      expect(p.example!.change).toBeCloseTo(p.example!.counterfactual_score - p.example!.original_score, 12);
      expect(p.example!.from).toBe(p.from);
    }
  });

  it('lists as findings exactly the gaps and pairs whose estimate is beyond their margin, ranked by the nearest bound', () => {
    const gapMargin = 0.1; // policies/default.yaml data.fpr_gap
    const swapMargin = 0.05; // data.ctf_gap
    const expected = [
      ...result.data.groups!.subgroups.filter((s) => s.judged).flatMap((s) => (['fpr_gap', 'tpr_gap'] as const)
        .filter((f) => Math.abs(s[f].value!) > gapMargin).map((f) => `${s.subgroup}: ${f}`)),
      ...result.data.swaps!.axes.flatMap((a) => a.pairs.filter((p) => Math.abs(p.mean_change.value!) > swapMargin)
        .map((p) => `${a.axis}: ${p.from} → ${p.to}`)),
    ];
    expect(check.findings.map((f) => f.subject).sort()).toEqual(expected.sort());
    const nearest = check.findings.map((f) => f.nearest);
    expect(nearest).toEqual([...nearest].sort((a, b) => b - a));
  });

  it('words a swap finding with both texts and scores when the margin is small enough to reach it', () => {
    const policy = parsePolicy('version: 2\nrules:\n  data:\n    ctf_gap: {max: 0.005}\n    fpr_gap: {max: 0.9}\n', 'tight.yaml');
    const findings = findingsOf(result as unknown as AuditResult, policy).findings;
    const pair = result.data.swaps!.axes[0].pairs.find((p) => Math.abs(p.mean_change.value!) > 0.005)!;
    const f = findings.find((x) => x.subject === `gender: ${pair.from} → ${pair.to}`)!;
    expect(f.sentence).toMatch(new RegExp(`^Replacing ${pair.from} terms with ${pair.to} terms \\(gender\\) (raises|lowers) the score by [\\d.]+ points ` +
      `on average \\(95% simultaneous CI [−+]?[\\d.]+ to [−+]?[\\d.]+ points; ${pair.sources} source texts, ${pair.counterfactuals} swapped texts\\); e\\.g\\. “`));
    expect(f.example).toEqual({ a: { text: pair.example!.original, score: pair.example!.original_score },
      b: { text: pair.example!.counterfactual, score: pair.example!.counterfactual_score } });
    expect(f.sentence).toContain(`${pair.example!.original_score.toFixed(2)} → “`);
  });
});
