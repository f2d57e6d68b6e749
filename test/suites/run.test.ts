import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { datasetsDir } from '../../src/config/paths.js';
import { loadStereoSet, loadWinoBias, type WinoBias } from '../../src/datasets/index.js';
import { isAuditError } from '../../src/errors.js';
import type { ResultRecord, SuiteName, SuiteResult } from '../../src/result/index.js';
import { runSuites } from '../../src/audit.js';
import { renderSuiteSection } from '../../src/report/index.js';
import { ScoreCache } from '../../src/runner/cache.js';
import {
  parseSuiteNames,
  suiteLabel,
  type CrowsPairsSummary,
  type StereoSetSummary,
  type SuiteSummary,
  type WinoBiasSummary,
  type WinoGenderSummary,
} from '../../src/suites/index.js';
import { FakeClassifier } from '../helpers/fake-classifier.js';

// Few resamples: the intervals are not what these tests check, and bootstrap loops are slow under jest.
const RESAMPLES = 200;

let result: SuiteResult;
let model: FakeClassifier;
let wb: WinoBias;
beforeAll(async () => {
  model = new FakeClassifier();
  result = await runSuites(parseSuiteNames('all'), model, { datasetsDir: datasetsDir(), resamples: RESAMPLES, model: { name: 'fake model' } });
  wb = await loadWinoBias(datasetsDir());
});

const recordsOf = (suite: string) => result.records.filter((r) => r.suite === suite);
const summary = <T extends SuiteSummary>(name: SuiteName) => result.suites[name] as T;

describe('runSuites on the shared datasets', () => {
  it('keeps one record per scored sentence: 3,168 + 12,687 + 3,016 + 720', () => {
    expect(recordsOf('winobias')).toHaveLength(3168);
    expect(recordsOf('stereoset')).toHaveLength(12687);
    expect(recordsOf('crows-pairs')).toHaveLength(3016);
    expect(recordsOf('winogender')).toHaveLength(720);
    expect(result.records).toHaveLength(3168 + 12687 + 3016 + 720);
    expect(result.counts.sentences).toBe(19591);
  });

  it('counts items per suite: 1,584 pairs, 4,229 items, 1,508 pairs, 240 template variants', () => {
    const n = (name: SuiteName) => [summary(name).n_items, summary(name).n_sentences];
    expect(n('winobias')).toEqual([1584, 3168]);
    expect(n('stereoset')).toEqual([4229, 12687]);
    expect(n('crows-pairs')).toEqual([1508, 3016]);
    expect(n('winogender')).toEqual([240, 720]);
  });

  it('gives every item the roles of its suite, once each', () => {
    const roles = (suite: string) => {
      const byItem = new Map<string, string[]>();
      for (const r of recordsOf(suite)) byItem.set(r.item!, [...(byItem.get(r.item!) ?? []), r.role!]);
      return new Set([...byItem.values()].map((rs) => rs.sort().join('/')));
    };
    expect(roles('winobias')).toEqual(new Set(['anti/pro']));
    expect(roles('stereoset')).toEqual(new Set(['anti-stereotype/stereotype/unrelated']));
    expect(roles('crows-pairs')).toEqual(new Set(['less/more']));
    expect(roles('winogender')).toEqual(new Set(['female/male/neutral']));
  });

  it('fills the probe fields of a record from the suite, item and role', () => {
    const r = recordsOf('winobias').find((x) => x.item === 'type1.dev.1' && x.role === 'pro')!;
    expect(r).toMatchObject({
      template: 'winobias', template_id: 'type1.dev.1', frame: 'neutral', paraphrase_of: null, slots: {},
      control: false, group: 'pro', filler: '', suite: 'winobias', item: 'type1.dev.1', role: 'pro',
    });
    expect(r.text).toBe(wb.pairs[0].pro);
    expect(r.probs[1]).toBe(r.score);
    expect(r.label).toBe(r.score >= 0.5 ? 'POSITIVE' : 'NEGATIVE');
  });

  it('scores each distinct text once across all suites', () => {
    expect(model.seen).toHaveLength(new Set(model.seen).size);
    expect(model.seen).toHaveLength(result.counts.unique_texts);
    expect(new Set(result.records.map((r) => r.text)).size).toBe(result.counts.unique_texts);
    expect(result.counts.unique_texts).toBeLessThan(result.counts.sentences); // the datasets repeat some sentences
  });

  it('scores an intersentence option after its context', async () => {
    const item = (await loadStereoSet(datasetsDir())).find((i) => i.type === 'intersentence')!;
    const r = recordsOf('stereoset').find((x) => x.item === item.id && x.role === 'stereotype')!;
    expect(r.text).toBe(`${item.context} ${item.options.stereotype}`);
  });

  it('describes the run as a suite run: suite "all", no probe, no probe stats', () => {
    expect(result.suite).toBe('all');
    expect(result.probe).toBeNull();
    expect(result.stats).toBeNull();
    expect(Object.keys(result.suites!)).toEqual(['winobias', 'stereoset', 'crows-pairs', 'winogender']);
    expect(result.model).toMatchObject({ name: 'fake model', fingerprint: 'fake-0000', backend: 'none', labels: ['NEGATIVE', 'POSITIVE'], demo: false });
    expect(result.seed).toBe(20240601);
  });

  it('names the metrics policies refer to, each with an interval around its value', () => {
    const names = Object.values(result.suites!).flatMap((s) => Object.keys((s as SuiteSummary).metrics));
    expect(names).toEqual(expect.arrayContaining([
      'winobias_gap', 'winobias_gap_clean', 'stereoset_stereo_more_negative', 'stereoset_gap', 'crows_pairs_gap', 'winogender_gap',
    ]));
    for (const s of Object.values(result.suites!) as SuiteSummary[]) {
      for (const [name, m] of Object.entries(s.metrics)) {
        expect([name, m.ci[0] <= m.value && m.value <= m.ci[1]]).toEqual([name, true]);
      }
    }
  });
});

describe('the WinoBias figures, recomputed from the stored records', () => {
  const pairs = () => {
    const byItem = new Map<string, { pro?: number; anti?: number }>();
    for (const r of recordsOf('winobias')) byItem.set(r.item!, { ...byItem.get(r.item!), [r.role!]: r.score });
    return [...byItem].map(([item, s]) => ({ item, d: s.pro! - s.anti! }));
  };
  const meanOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

  it('has the mean pro-minus-anti gap over all 1,584 pairs', () => {
    const s = summary<WinoBiasSummary>('winobias');
    expect(s.gap.n).toBe(1584);
    expect(s.gap.mean).toBeCloseTo(meanOf(pairs().map((p) => p.d)), 12);
    expect(s.metrics.winobias_gap.value).toBe(s.gap.mean);
  });

  it('splits the gap by type and by split using the pair ids', () => {
    const s = summary<WinoBiasSummary>('winobias');
    for (const type of ['type1', 'type2'] as const) {
      const ds = pairs().filter((p) => p.item.startsWith(`${type}.`)).map((p) => p.d);
      expect(s.by_type[type].n).toBe(792);
      expect(s.by_type[type].mean).toBeCloseTo(meanOf(ds), 12);
    }
    for (const split of ['dev', 'test'] as const) {
      const ds = pairs().filter((p) => p.item.includes(`.${split}.`)).map((p) => p.d);
      expect(s.by_split[split].mean).toBeCloseTo(meanOf(ds), 12);
    }
  });

  it('reports the gap without the 19 pairs that differ beyond the pronoun as well', () => {
    const s = summary<WinoBiasSummary>('winobias');
    const flagged = new Set(wb.pairs.filter((p) => p.differsBeyondPronoun).map((p) => p.id));
    expect(s.n_differs_beyond_pronoun).toBe(19);
    expect(s.gap_clean.n).toBe(1565);
    expect(s.gap_clean.mean).toBeCloseTo(meanOf(pairs().filter((p) => !flagged.has(p.item)).map((p) => p.d)), 12);
  });

  it('relates 20 of the 40 occupations to WinoGender\'s share of women', () => {
    const s = summary<WinoBiasSummary>('winobias');
    expect(s.occupations).toHaveLength(40);
    expect(s.occupations.filter((o) => o.bls_pct_female !== null).map((o) => o.occupation).sort()).toEqual([
      'accountant', 'auditor', 'baker', 'carpenter', 'cashier', 'clerk', 'counselor', 'hairdresser', 'janitor', 'lawyer',
      'librarian', 'manager', 'mechanic', 'nurse', 'physician', 'receptionist', 'salesperson', 'secretary', 'supervisor', 'teacher',
    ]);
    expect(s.bls_pearson!.n).toBe(20);
    expect(s.bls_spearman!.n).toBe(20);
    expect(s.occupations.find((o) => o.occupation === 'nurse')!.bls_pct_female).toBe(89.58); // occupations-stats.tsv: nurse 89.58 (BLS 2015)
  });

  it('leaves the two pairs whose lines share a pronoun out of the he-minus-she gap', () => {
    expect(summary<WinoBiasSummary>('winobias').he_minus_she.n).toBe(1582);
  });
});

describe('the other summaries', () => {
  it('StereoSet counts its four bias types and 79 targets', () => {
    const s = summary<StereoSetSummary>('stereoset');
    expect(s.by_bias_type.map((r) => [r.key, r.n]).sort()).toEqual([['gender', 497], ['profession', 1637], ['race', 1938], ['religion', 157]]);
    expect(s.by_target).toHaveLength(79);
    expect(s.more_negative.n + s.more_negative.ties).toBe(4229);
    expect(s.why_no_lms).toMatch(/LMS and ICAT are not computed/);
  });

  it('CrowS-Pairs covers nine bias types with Holm-adjusted p-values and carries the reliability caveat', () => {
    const s = summary<CrowsPairsSummary>('crows-pairs');
    expect(s.by_bias_type.map((r) => [r.key, r.n])).toEqual([
      ['race-color', 516], ['gender', 262], ['socioeconomic', 172], ['nationality', 159], ['religion', 105],
      ['age', 87], ['sexual-orientation', 84], ['physical-appearance', 63], ['disability', 60],
    ]);
    for (const r of s.by_bias_type) expect(r.p_adj).toBeGreaterThanOrEqual(r.gap.p_wilcoxon);
    expect(s.by_direction.map((r) => [r.key, r.n])).toEqual([['stereo', 1290], ['antistereo', 218]]);
    expect(s.caveat).toMatch(/Blodgett et al\. \(2021\)/);
  });

  it('WinoGender correlates 60 occupations with the BLS share of women', () => {
    const s = summary<WinoGenderSummary>('winogender');
    expect(s.occupations).toHaveLength(60);
    expect(s.bls_pearson.n).toBe(60);
    expect(s.by_referent.occupation.n + s.by_referent.participant.n).toBe(240);
  });

  it('renders each summary as a section with its headline, chart, counts, citation and licence', () => {
    for (const [name, s] of Object.entries(result.suites!) as [string, SuiteSummary][]) {
      const html = renderSuiteSection(name, s);
      expect(html).toContain(`id="suite-${name}"`);
      expect(html).toContain('<svg');
      expect(html).toContain(s.citation.slice(0, 40));
      expect(html).toContain(`<dd>${s.n_sentences.toLocaleString('en-US')}</dd>`);
    }
  });
});

describe('choosing suites', () => {
  it('expands "all" and comma lists into suite names in a fixed order', () => {
    expect(parseSuiteNames('all')).toEqual(['winobias', 'stereoset', 'crows-pairs', 'winogender']);
    expect(parseSuiteNames(['winogender,winobias', 'winobias'])).toEqual(['winobias', 'winogender']);
    expect(suiteLabel(['winogender'])).toBe('winogender');
    expect(suiteLabel(['winogender', 'winobias'])).toBe('winobias,winogender');
  });

  it('rejects an unknown suite as a usage error that lists the choices', () => {
    let error: unknown;
    try {
      parseSuiteNames('winobias,bold');
    } catch (e) {
      error = e;
    }
    expect(isAuditError(error) && [error.code, error.kind, error.message]).toEqual([
      'E_SUITE', 'usage', '--suite: unknown suite "bold" (choices: winobias, stereoset, crows-pairs, winogender, all)',
    ]);
  });

  it('scores every sentence before the summaries, and reports each stage on the one progress channel', async () => {
    const model = new FakeClassifier();
    let seenWhenScored = -1;
    const stages: string[] = [];
    const result = await runSuites(['winogender'], model, {
      datasetsDir: datasetsDir(), resamples: RESAMPLES,
      onProgress: (e) => {
        stages.push(`${e.stage}/${e.step}/${e.status}`);
        if (e.status === 'done') seenWhenScored = model.seen.length;
      },
    });
    expect(seenWhenScored).toBe(720);
    expect(stages[0]).toBe('score/scoring/start');
    expect(stages.at(-1)).toBe('score/scoring/done');
    expect(result.model.fingerprint).toBe('fake-0000');
    expect(result.suites!.winogender).toBeDefined();
  });

  it('runs one suite alone, and a second run is served from the score cache', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-suites-'));
    const cache = ScoreCache.open(dir);
    try {
      const first = await runSuites(['winogender'], new FakeClassifier(), { datasetsDir: datasetsDir(), cache, resamples: RESAMPLES });
      const again = new FakeClassifier();
      const second = await runSuites(['winogender'], again, { datasetsDir: datasetsDir(), cache, resamples: RESAMPLES });
      expect(first.suite).toBe('winogender');
      expect(Object.keys(first.suites!)).toEqual(['winogender']);
      expect(first.records.every((r: ResultRecord) => r.suite === 'winogender')).toBe(true);
      expect(first.counts).toEqual({ sentences: 720, unique_texts: 720, scored: 720, cached: 0 });
      expect(again.calls).toBe(0);
      expect(second.counts.cached).toBe(720);
      expect((second.suites!.winogender as WinoGenderSummary).female_minus_male).toEqual(
        (first.suites!.winogender as WinoGenderSummary).female_minus_male,
      );
    } finally {
      cache.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the missing file when the datasets directory is wrong', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-suites-empty-'));
    try {
      await expect(runSuites(['crows-pairs'], new FakeClassifier(), { datasetsDir: dir })).rejects.toMatchObject({
        code: 'E_DATASET',
        message: expect.stringContaining('crows_pairs_anonymized.csv: file not found'),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
