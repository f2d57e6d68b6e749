import * as lib from '../src/index.js';
import { FakeClassifier } from './helpers/fake-classifier.js';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/config/paths.js';

describe('the library entry point', () => {
  it('exports the stats namespace under the reference names', () => {
    for (const name of ['ttest_rel', 'wilcoxon', 'mannwhitneyu', 'kruskal', 'friedmanchisquare', 'pearsonr', 'spearmanr', 'ks_2samp', 'holm', 'fdr_bh', 'bonferroni']) {
      expect(typeof (lib.stats as Record<string, unknown>)[name]).toBe('function');
    }
  });

  it('runs a probe file against any Classifier with runProbe(spec, classifier, options)', async () => {
    const result = await lib.runProbe(join(PACKAGE_ROOT, 'test/fixtures/cli/mini.yaml'), new FakeClassifier(), { resamples: 100 });
    expect(result.records).toHaveLength(16);
    expect(result.stats!.groups.map((g) => g.key).sort()).toEqual(['France', 'Kenya', 'Peru']);
    expect(result.model.fingerprint).toBe('fake-0000');
  });
});
