/**
 * A run on a multi-label model (the multi-label copy of tiny-bert, random weights): result.json records that the model
 * is multi-label and which label was audited, its records hold per-label sigmoids, and the report says so.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import { loadClassifier, type TfjsClassifier } from '../../src/model/index.js';
import { loadProbeSpec } from '../../src/probe/index.js';
import { renderReport } from '../../src/report/index.js';
import { biasParagraph } from '../../src/review/export.js';
import { validateResult } from '../../src/result/schema.js';
import type { AuditResult } from '../../src/result/index.js';
import { runProbe } from '../../src/audit.js';
import { FakeClassifier } from '../helpers/fake-classifier.js';
import { multiLabelTinyBert } from '../helpers/multi-label-model.js';

const MINI = join(PACKAGE_ROOT, 'test', 'fixtures', 'cli', 'mini.yaml');
const cache = join(tmpdir(), `audit-multi-label-cache-${process.pid}`);

let dir: string;
let model: TfjsClassifier;
let result: AuditResult;
beforeAll(async () => {
  dir = multiLabelTinyBert(['toxic', 'insult']);
  model = await loadClassifier(dir, { backend: 'cpu', target: 'toxic', cacheDir: cache });
  result = JSON.parse(JSON.stringify(await runProbe(await loadProbeSpec(MINI), model, { resamples: 50 }))) as AuditResult;
});
afterAll(() => {
  model.dispose();
  rmSync(dir, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
});

describe('a run on a multi-label model', () => {
  it('says in result.json that the model is multi-label and that the label toxic was audited', () => {
    expect(result.model.multi_label).toBe(true);
    expect(result.model.labels).toEqual(['toxic', 'insult']);
    expect(result.target).toBe('toxic');
    expect(validateResult(result, 'run/result.json')).toEqual(result);
  });

  it('scores each record with P(toxic), a sigmoid that need not sum to 1 with the other label', () => {
    for (const r of result.records) expect(r.score).toBe(r.probs[0]);
    const sums = result.records.map((r) => r.probs[0] + r.probs[1]);
    expect(Math.max(...sums.map((s) => Math.abs(s - 1)))).toBeGreaterThan(0.05);
  });

  it('says so in the report header', () => {
    const html = renderReport(result);
    expect(html).toContain('<dt>Score</dt><dd>P(toxic)</dd>');
    expect(html).toContain(
      '<dt>Multi-label</dt><dd>each label has its own probability (a sigmoid; they need not sum to 1); this run audits the label toxic only, of toxic, insult: audit another label with its own run</dd>',
    );
  });

  it('leaves single-label results as they were: no multi_label field, no such line in the report', async () => {
    const result = await runProbe(await loadProbeSpec(MINI), new FakeClassifier(), { resamples: 50 });
    const single = JSON.parse(JSON.stringify(result)) as AuditResult;
    expect('multi_label' in single.model).toBe(false);
    expect(renderReport(single)).not.toContain('Multi-label');
  });
});

describe('the model-card paragraph of a multi-label run', () => {
  it('says the model is multi-label and that the audit covers the one label', () => {
    expect(biasParagraph(result)).toContain(
      'The score is the model\u2019s probability of toxic. The model is multi-label: each label has its own (sigmoid) probability, and this audit covers toxic only.',
    );
  });
});
