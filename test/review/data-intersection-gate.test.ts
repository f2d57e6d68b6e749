/**
 * The data_max_abs_interaction rule, the intersectional findings and what carries them (check, JUnit, SARIF, the md
 * and csv exports, `audit summary`) on the committed synthetic reviews (scripts/make-intersect-data.mjs): a She x
 * Kenyan cell shifted −2 on the latent scale (true interactions −0.12 to −0.21, intersect_truth.json), and its null
 * twin (the same texts and noise, no shift: every true interaction 0).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runAudit } from '../../src/audit.js';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import type { DataResult, IntersectionTable } from '../../src/result/index.js';
import { checkRun } from '../../src/review/check.js';
import { checkFile } from '../../src/review/check-json.js';
import { verdictView } from '../../src/report/verdict.js';
import { DEFAULT_POLICY } from '../../src/review/check-io.js';
import { exportRun } from '../../src/review/export.js';
import { findingsOf } from '../../src/review/findings.js';
import { intersectionFindings } from '../../src/review/findings-intersection.js';
import { checkJunit } from '../../src/review/junit.js';
import { loadPolicy, parsePolicy } from '../../src/review/policy.js';
import { checkSarif } from '../../src/review/sarif.js';
import { summarize } from '../../src/review/summary.js';
import { summaryMarkdown } from '../../src/review/summary-render.js';
import { FakeClassifier } from '../helpers/fake-classifier.js';

const fixtures = join(PACKAGE_ROOT, 'test/fixtures/data');
const policy = loadPolicy(DEFAULT_POLICY);

/** A data run over a fixture file, the texts scored by the file's model_score column. */
async function runOf(name: 'planted' | 'null', intersect: string[] | null = ['gender', 'nationality']): Promise<DataResult> {
  const file = join(fixtures, `intersect_${name}.csv`);
  const score = new Map<string, number>();
  for (const line of readFileSync(file, 'utf8').trim().split('\n').slice(1)) {
    const [, text, s] = /^(.*),[01],([0-9.]+)$/.exec(line)!;
    score.set(text, Number(s));
  }
  const run = await runAudit({
    kind: 'data', source: file, read: { labelColumn: 'label' }, swap: [], intersect: intersect ?? undefined, resamples: 0, seed: 1,
    classifier: new FakeClassifier((t) => score.get(t)!),
  });
  if (run.result.kind !== 'data') throw new Error('not a data run');
  return run.result;
}

const interactionRules = (result: DataResult, p = policy) => checkRun(result, p).rules.filter((r) => r.metric === 'data_max_abs_interaction');

describe('data_max_abs_interaction on the planted file, with the default policy (margin 0.05)', () => {
  let planted: DataResult;
  beforeAll(async () => {
    planted = await runOf('planted');
  });

  it('judges each measure of the table on its own, and fails all four: every planted interaction is shown beyond 0.05', () => {
    const rules = interactionRules(planted);
    expect(rules.map((r) => [r.id, r.status])).toEqual([
      ['data.data_max_abs_interaction[mean_score].max', 'fail'], ['data.data_max_abs_interaction[positive_rate].max', 'fail'],
      ['data.data_max_abs_interaction[tpr].max', 'fail'], ['data.data_max_abs_interaction[fpr].max', 'fail'],
    ]);
    const mean = rules[0];
    // Its interval is the one the table's simultaneous intervals imply: the farthest interval from 0 starts at its lower bound.
    const table = planted.data.factorial!.find((t) => t.measure === 'mean_score')!;
    const kenyan = table.interactions.find((e) => e.a === 'female' && e.b === 'Kenyan')!;
    expect(mean.estimate!.value).toBeCloseTo(Math.abs(kenyan.estimate!), 12);
    expect(mean.compared).toBeCloseTo(-kenyan.ci![1]!, 12);
    expect(mean.message).toMatch(/^mean_score: data_max_abs_interaction = 0\.11\d+ \(95% CI 0\.0\d+ to 0\.1\d+\): fail: the whole interval is above the margin 0\.05/);
  });

  it('lists the planted cell among the findings, in the words of the probe findings, once for the two-level gender axis', () => {
    const { findings } = findingsOf(planted, policy);
    // Beside the subgroup gaps the planted cell makes (Kenyan, female), three of its four interactions reach the top 7.
    const crossed = findings.filter((f) => f.subject.startsWith('gender \u00d7 nationality'));
    expect(crossed.map((f) => f.subject).sort()).toEqual(['fpr', 'positive_rate', 'tpr']
      .map((m) => `gender \u00d7 nationality, ${m}: female \u00d7 Kenyan`));
    expect(crossed.every((f) => f.severity === 'major')).toBe(true);
    // The mean score's, ranked below them (its interval is nearer 0), is major too.
    const table = planted.data.factorial!.find((t) => t.measure === 'mean_score')! as IntersectionTable;
    const major = intersectionFindings(table, 0.05, { onePerHypothesis: true }).filter((f) => f.severity === 'major');
    expect(major.map((f) => f.subject)).toEqual(['gender \u00d7 nationality, mean_score: female \u00d7 Kenyan']);
    const [mean] = major;
    expect(mean.value).toBeLessThan(-0.08);
    expect(mean.sentence).toMatch(/^Texts mentioning Kenyan women score 11 points lower than the gender and nationality effects alone predict \(95% CI \u221215 to \u22128 points, simultaneous over the 3 interactions\)\.$/);
    const fpr = crossed.find((f) => f.subject.endsWith('fpr: female \u00d7 Kenyan'))!;
    expect(fpr.sentence).toMatch(/^Negative texts mentioning Kenyan women have a false positive rate 20 points lower than the gender and nationality effects/);
    expect(findings.some((f) => f.subject.endsWith('male \u00d7 Kenyan') && !f.subject.endsWith('female \u00d7 Kenyan'))).toBe(false);
  });

  it('is carried by JUnit (a failure per measure) and SARIF (an error naming the measure)', () => {
    const outcome = checkRun(planted, policy);
    const junit = checkJunit(outcome, { timestamp: new Date(0), hostname: 'h' });
    expect(junit).toContain('name="data_max_abs_interaction[mean_score] max 0.05 (data)" time="0">');
    expect(junit.match(/<failure message="[a-z_]+: data_max_abs_interaction/g)).toHaveLength(4);
    const sarif = checkSarif(outcome, { resultUri: 'result.json', toolVersion: '0' }) as { runs: { results: Record<string, unknown>[] }[] };
    const results = sarif.runs[0].results.filter((r) => r.ruleId === 'data_max_abs_interaction');
    expect(results).toHaveLength(4);
    expect(results[0]).toMatchObject({ level: 'error', locations: [{ logicalLocations: [{
      fullyQualifiedName: 'data.summary.data_max_abs_interaction[mean_score]' }] }] });
  });

  it('is one row per measure in the report\u2019s verdict table, named by its measure', () => {
    const view = verdictView(checkFile(checkRun(planted, policy), findingsOf(planted, policy), { policyFile: 'p', checkedAt: new Date(0) }))!;
    const rows = view.rules.filter((r) => r.name.startsWith('data_max_abs_interaction'));
    expect(rows.map((r) => r.name)).toEqual(['data_max_abs_interaction[mean_score]', 'data_max_abs_interaction[positive_rate]',
      'data_max_abs_interaction[tpr]', 'data_max_abs_interaction[fpr]']);
    expect(rows[0].why).toBe('fail: the whole interval is above the margin 0.05 (lower bound 0.0807)');
    expect(view.findings.map((f) => f.sentence)).toContain('Negative texts mentioning Kenyan women have a false positive rate 20 points '
      + 'lower than the gender and nationality effects alone predict (95% CI \u221228 to \u221210 points, simultaneous over the 3 interactions).');
  });

  it('is carried by the md and csv exports and by audit summary', () => {
    const md = exportRun(planted, 'md');
    expect(md).toContain('### Two axes crossed: gender \u00d7 nationality, mean score');
    expect(md).toMatch(/Largest interaction \(data\\_max\\_abs\\_interaction\): 0\.11\d \(95% CI 0\.0\d+ to 0\.1\d+\), simultaneous over the 3 interactions; 3 differ from 0\. Texts mentioning American women score 6 points higher.* Texts mentioning Kenyan women score 11 points lower/);
    const csv = exportRun(planted, 'csv').split('\n');
    expect(csv[0].startsWith('part,subgroup,')).toBe(true);
    expect(csv[0]).toContain(',measure,key,');
    expect(csv.filter((l) => l.startsWith('interaction,'))).toHaveLength(24);
    const kenyan = csv.find((l) => l.startsWith('interaction,') && l.includes(',mean_score,female \u00d7 Kenyan,'))!;
    expect(kenyan).toContain(',lower,');
    const summary = summaryMarkdown(summarize([{ name: 'planted', result: planted }]));
    expect(summary).toContain('### gender \u00d7 nationality, mean score (planted)');
    expect(summary).toContain('Largest interaction (data\\_max\\_abs\\_interaction): 0.11');
    expect(summary).toMatch(/- Texts mentioning Kenyan women score 11 points lower than the gender and nationality effects alone predict/);
  });
});

describe('data_max_abs_interaction without a planted interaction, and without --intersect', () => {
  it('passes or is inconclusive on the null twin: the mean score passes, the rates cannot be resolved to 0.05 by 80 texts a cell', async () => {
    const rules = interactionRules(await runOf('null'));
    expect(rules.map((r) => [r.part, r.status])).toEqual([['mean_score', 'pass'], ['positive_rate', 'inconclusive'],
      ['tpr', 'inconclusive'], ['fpr', 'inconclusive']]);
    expect(rules[3].message).toMatch(/these texts cannot tell interactions under 0\.1\d from none \(the table's minimum detectable interaction\); more negatives in each cell would decide it/);
  });

  it('gives no major intersectional finding on the null twin', async () => {
    const { findings } = findingsOf(await runOf('null'), policy);
    expect(findings.filter((f) => f.subject.includes('\u00d7') && f.severity === 'major')).toEqual([]);
  });

  it('does not apply to a data run without --intersect, nor gives an intersectional finding', async () => {
    const plain = await runOf('planted', null);
    expect(interactionRules(plain)).toEqual([expect.objectContaining({ status: 'not_applicable',
      message: 'data_max_abs_interaction: not applicable (a data run has no data_max_abs_interaction)' })]);
    expect(findingsOf(plain, policy).findings.filter((f) => f.subject.includes('\u00d7'))).toEqual([]);
  });

  it('reads its margin from the policy for the findings', async () => {
    const planted = await runOf('planted');
    const loose = parsePolicy('version: 2\nrules:\n  data:\n    data_max_abs_interaction: {max: 0.5}\n', 'p.yaml');
    expect(findingsOf(planted, loose).findings.filter((f) => f.subject.includes('\u00d7'))).toEqual([]);
    expect(interactionRules(planted, loose).every((r) => r.status === 'pass')).toBe(true);
  });
});
