import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAudit } from '../../src/audit.js';
import type { DataResult } from '../../src/result/index.js';
import { readResult } from '../../src/result/read.js';
import { FakeClassifier } from '../helpers/fake-classifier.js';
import { writeReviewsCsv } from '../helpers/reviews.js';
import type { ProgressEvent } from '../../src/types.js';
import { replayRun } from '../../src/review/replay.js';
import { exportRun } from '../../src/review/export.js';
import { renderReport } from '../../src/report/index.js';
import { diffRuns } from '../../src/review/diff.js';


const dir = mkdtempSync(join(tmpdir(), 'data-run-'));
/** A model that likes men: any text with "he", "him", "his" or "man" scores 0.35 higher. */
const biased = (t: string) => (/great|fine|love/i.test(t) ? 0.6 : 0.2) + (/\b(he|him|his|man|men)\b/i.test(t) ? 0.35 : 0);


describe('a data run (planData through runAudit) on a labelled CSV with a model that favours men', () => {
  const file = writeReviewsCsv(dir);
  let outcome: Awaited<ReturnType<typeof runAudit>> & { result: DataResult };
  const classifier = new FakeClassifier(biased);
  beforeAll(async () => {
    const run = await runAudit({ kind: 'data', source: file, read: { labelColumn: 'label' }, resamples: 200, seed: 3, classifier, out: join(dir, 'run') });
    if (run.result.kind !== 'data') throw new Error(`a ${run.result.kind} result`);
    outcome = { ...run, result: run.result };
  });

  it('counts coverage per axis and the texts that mention none', () => {
    const d = outcome.result.data;
    expect(d.rows).toBe(240);
    expect(d.coverage.per_axis.gender).toBe(120);
    expect(d.coverage.no_mention).toBe(120);
    expect(d.coverage.unmentioned).toContain('religion');
  });

  it('finds the swap effect: female -> male raises the score by 0.35 on every text', () => {
    const gender = outcome.result.data.swaps!.axes.find((a) => a.axis === 'gender')!;
    const up = gender.pairs.find((p) => p.from === 'female' && p.to === 'male')!;
    expect(up.counterfactuals).toBe(60);
    expect(up.mean_change.value).toBeCloseTo(0.35, 10);
    expect(up.ctf_gap.value).toBeCloseTo(0.35, 10);
    expect(up.mean_change.ci[0]).toBeCloseTo(0.35, 10);
    expect(up.p_adj).toBeLessThan(0.001);
    expect(up.significant).toBe(true);
    const down = gender.pairs.find((p) => p.from === 'male' && p.to === 'female')!;
    expect(down.mean_change.value).toBeCloseTo(-0.35, 10);
    expect(gender.largest_changes[0].original).not.toBe(gender.largest_changes[0].counterfactual);
    // 0.2 + 0.35 crosses 0.5: the female texts the model scores negative (a third of them) flip.
    expect(up.flip_rate.value).toBeCloseTo(1 / 3, 10);
    expect(up.flip_rate.ci[0]!).toBeLessThan(1 / 3);
    expect(up.flip_rate.ci[1]!).toBeGreaterThan(1 / 3);
  });

  it('scores each distinct text once, originals and counterfactuals together', () => {
    expect(new Set(classifier.seen).size).toBe(classifier.seen.length);
    expect(outcome.result.counts.sentences).toBe(240 + 120);
  });

  it('gives group metrics per mentioned subgroup against the background', () => {
    const g = outcome.result.data.groups!;
    const male = g.subgroups.find((s) => s.subgroup === 'gender:male')!;
    expect(male).toMatchObject({ n: 60, positives: 20, source: 'mention', axis: 'gender' });
    // Male negatives score 0.55, so every one is predicted positive; other negatives score 0.2.
    expect(male.fpr.value).toBe(1);
    expect(male.background.fpr).toBe(0);
    expect(male.fpr_gap.value).toBe(1);
    expect(male.equalized_odds_difference.value).toBe(1);
    expect(male.positive_rate.value).toBe(1);
    // Ranking within and across groups stays perfect: male negatives (0.55) sit below every positive (0.6, 0.95).
    expect(male.subgroup_auc.value).toBe(1);
    expect(male.bpsn_auc.value).toBe(1);
    expect(male.negative_aeg.value).toBe(-0.5);
    expect(g.overall.accuracy.value).toBeCloseTo(200 / 240, 12);
    expect(g.overall.auc.value).toBe(1);
    expect(g.generalized_means.bpsn_auc.value).toBe(1);
  });

  it('writes records.jsonl, scores.csv and a result.json that passes the schema', async () => {
    const out = join(dir, 'run');
    expect(outcome.dir).toBe(out);
    const lines = readFileSync(join(out, 'records.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(360);
    expect(lines[0]).toMatchObject({ kind: 'original', row: 0, line: 2, label: 1, text: 'She had a great time on day 0.', mentions: ['gender:female'] });
    expect(lines[240]).toMatchObject({ kind: 'counterfactual', axis: 'gender', from: 'female', to: 'male' });
    expect(readFileSync(join(out, 'scores.csv'), 'utf8').split('\n')[0]).toBe('kind,row,line,text,label,axis,from,to,score,change,predicted,unsure');
    expect(readResult(out)).toMatchObject({ kind: 'data', data: { file_name: 'reviews.csv' } });
    expect(existsSync(join(out, `records.jsonl.tmp-${process.pid}`))).toBe(false);
  });

  it('replays from records.jsonl: the same model matches, another one does not', async () => {
    const out = join(dir, 'run');
    const same = await replayRun(out, new FakeClassifier(biased));
    expect(same.matched).toBe(true);
    expect(same.n).toBe(360);
    const other = await replayRun(out, new FakeClassifier((t) => biased(t) * 0.9));
    expect(other.matched).toBe(false);
  });

  it('exports a Bias paragraph, a subgroup CSV and the data block', () => {
    const md = exportRun(outcome.result, 'md');
    expect(md).toMatch(/^## Bias\n\nWe audited fake on reviews\.csv, scoring P\(POSITIVE\)\./);
    expect(md).toContain('Swapping gender terms in 120 texts changes the score by 0.350 on average in absolute terms');
    const csv = exportRun(outcome.result, 'csv').split('\n');
    expect(csv[0].startsWith('subgroup,source,n,positives,subgroup_auc,subgroup_auc_ci_low')).toBe(true);
    expect(csv[1].startsWith('gender:female,mention,60,40,')).toBe(true);
    expect(JSON.parse(exportRun(outcome.result, 'json')).file_name).toBe('reviews.csv');
  });

  it('renders a report section: summary sentences, the AUC forest plot, swap table and the largest changes', () => {
    const html = renderReport(outcome.result, { now: new Date(0) });
    const section = html.slice(html.indexOf('<section class="suite" id="data">'));
    expect(section).toContain('<h2>Your data: reviews.csv</h2>');
    expect(section).toContain('Of 240 texts, 120 mention a term of the built-in identity lexicons: gender (120).');
    expect(section).toMatch(/<h3>Bias AUCs per subgroup \(Borkan et al\. 2019\)<\/h3><svg/);
    expect(section).toContain('Counterfactual swaps: gender (120 texts mention it; 0 swaps the tagger was unsure of)');
    expect(section).toContain('<caption>Largest score changes: gender</caption>');
    expect(section).toMatch(/<td>female \u2192 male<\/td><td>She [^<]+<\/td><td class="num">[0-9.]+<\/td><td>He [^<]+<\/td>/);
  });

  it('reports progress for finding mentions and for the statistics, ending exactly at the announced total', async () => {
    const events: Record<string, ProgressEvent[]> = {};
    await runAudit({
      kind: 'data', source: file, read: { labelColumn: 'label' }, resamples: 50, seed: 3, classifier,
      onProgress: (e) => { if (e.status !== 'note') (events[e.step] ??= []).push(e); },
    });
    const detect = events['finding identity mentions'];
    const at = { stage: 'prepare', step: 'finding identity mentions' };
    expect(detect[0]).toEqual({ ...at, status: 'start', total: 240, cached: 0 });
    expect(detect.at(-2)).toEqual({ ...at, status: 'progress', done: 240, total: 240 });
    expect(detect.at(-1)!.status).toBe('done');
    // 50 resamples x 240 labelled texts (the F1 bootstrap; the swap intervals are closed-form).
    const stats = events.statistics;
    expect(stats[0]).toEqual({ stage: 'analyse', step: 'statistics', status: 'start', total: 12000, cached: 0 });
    expect(stats.at(-2)).toEqual({ stage: 'analyse', step: 'statistics', status: 'progress', done: 12000, total: 12000 });
    expect(events.scoring.map((e) => e.stage)).toEqual(events.scoring.map(() => 'score'));
    expect(stats.length).toBeLessThan(110);
  });

  it('diffs two data runs on their summary metrics (independent intervals)', () => {
    const d = diffRuns(outcome.result, outcome.result);
    expect(d.metrics.ctf_gap.change.value).toBe(0);
    expect(d.metrics.ctf_gap.method).toBe('independent');
    expect(d.probe.id).toBe('data:reviews.csv');
  });
});

describe('runDataAudit with ambiguous mentions and swaps on two axes', () => {
  const file = join(dir, 'places.csv');
  const rows = ['text'];
  for (let i = 0; i < 15; i++) rows.push(`"the film was shot in turkey , take ${i} ."`, `"turkey was the best part , take ${i} ."`, `"she and her friend loved take ${i} ."`);
  writeFileSync(file, `${rows.join('\n')}\n`);
  const model = new FakeClassifier((t) => (/turkey/.test(t) ? 0.7 : 0.4) + (/\bshe\b/.test(t) ? 0.1 : 0));
  const run = async (includeUnsure: boolean) => {
    const r = await runAudit({ kind: 'data', source: file, resamples: 50, seed: 5, includeUnsure, classifier: model });
    if (r.result.kind !== 'data') throw new Error(`a ${r.result.kind} result`);
    return { result: r.result };
  };

  it('leaves "turkey was the best part" out of the country counts by default and counts it in the report', async () => {
    const d = (await run(false)).result.data;
    expect(d.coverage.per_axis.country).toBe(15);
    expect(d.coverage.unsure_mentions).toBe(15);
    expect(d.coverage.unsure_included).toBe(false);
    expect(d.warnings.some((w) => w.startsWith('15 mentions of ambiguous terms') && w.includes('--include-unsure'))).toBe(true);
    const all = (await run(true)).result.data;
    expect(all.coverage.per_axis.country).toBe(30);
    expect(all.coverage.unsure_included).toBe(true);
  });

  it('adjusts swap p-values with Holm over every pair of the run, and within each axis as a second view', async () => {
    const { holm } = await import('../../src/stats/multitest.js');
    const s = (await run(false)).result.data.swaps!;
    expect(s.axes.map((a) => a.axis).sort()).toEqual(['country', 'gender']);
    const pairs = s.axes.flatMap((a) => a.pairs);
    const tested = pairs.filter((p) => p.p !== null);
    expect(tested.length).toBeGreaterThan(2);
    const runLevel = holm(tested.map((p) => p.p!));
    tested.forEach((p, i) => expect(p.p_adj).toBeCloseTo(runLevel[i], 12));
    for (const a of s.axes) {
      const own = a.pairs.filter((p) => p.p !== null);
      const within = holm(own.map((p) => p.p!));
      own.forEach((p, i) => expect(p.p_adj_axis).toBeCloseTo(within[i], 12));
    }
    expect(s.multiplicity).toMatch(/^p_adj: Holm over every from -> to pair of the run, all axes together/);
  });
});
