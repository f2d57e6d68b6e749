import { readFileSync } from 'node:fs';
import * as lib from '../src/index.js';
import * as stats from '../src/stats/public.js';
import { FakeClassifier } from './helpers/fake-classifier.js';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/config/paths.js';

describe('the library entry point', () => {
  // The public API is a promise: adding or removing a name here is a decision, not a side effect of a re-export.
  it('exports exactly these runtime names (types are checked by the compiler)', () => {
    expect(Object.keys(lib).sort()).toEqual([
      'AuditError', 'DATA_METRICS', 'METRICS', 'RESULT_SCHEMA_VERSION', 'checkRun', 'checkRunDir', 'createClassifier', 'diffRuns',
      'exportRun', 'isAuditError', 'listBuiltinProbes', 'loadPolicy', 'loadProbeSpec', 'parsePolicy', 'pullModel', 'readDataRecords',
      'readResult', 'renderReport', 'replayRun', 'resultJsonSchema', 'runAudit', 'runProbe', 'runSuites', 'validateResult',
      'writeDiff', 'writeReport',
    ]);
  });

  it('exports the reference statistics under their scipy names from the bias-audit/stats subpath', () => {
    expect(Object.keys(stats).sort()).toEqual([
      'binomCdf', 'binomPmf', 'binomtest', 'bonferroni', 'chi2Sf', 'fdr_bh', 'friedmanchisquare', 'holm', 'kruskal', 'ks_2samp',
      'mannwhitneyu', 'mean', 'median', 'mulberry32', 'normalCdf', 'normalPpf', 'normalSf', 'pearsonr', 'percentileInterval',
      'quantiles', 'spearmanr', 'std', 'tCdf', 'tPpf', 'tSf', 't_ci_mean', 'ttest_rel', 'variance', 'wilcoxon', 'wilson_ci',
    ]);
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8'));
    expect(pkg.exports['./stats']).toEqual({ types: './dist/stats/public.d.ts', import: './dist/stats/public.js' });
    expect(stats.wilcoxon([1, 2, 3, 4, 5, 6], [2, 2, 2, 2, 2, 2])[1]).toBeGreaterThan(0);
  });

  it('runs a probe file against any Classifier with runProbe(spec, classifier, options)', async () => {
    const result = await lib.runProbe(join(PACKAGE_ROOT, 'test/fixtures/cli/mini.yaml'), new FakeClassifier(), { resamples: 100 });
    expect(result.records).toHaveLength(16);
    expect(result.stats.groups.map((g) => g.key).sort()).toEqual(['France', 'Kenya', 'Peru']);
    expect(result.model.fingerprint).toBe('fake-0000');
  });
});
