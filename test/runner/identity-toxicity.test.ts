/**
 * The identity_toxicity probe on a toxicity-shaped classifier. No real toxicity model can be downloaded where these
 * tests run, so the classifier is the multi-label copy of tiny-bert (random weights) with labels toxic and insult:
 * the scores mean nothing, the test shows the probe runs end to end with --target toxic on any classifier whose
 * labels include it, and is refused, naming the labels, on one whose labels do not.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditError } from '../../src/errors.js';
import { loadClassifier } from '../../src/model/index.js';
import { validateResult } from '../../src/result/schema.js';
import type { AuditResult } from '../../src/result/index.js';
import { runProbe } from '../../src/audit.js';
import { multiLabelTinyBert } from '../helpers/multi-label-model.js';

const cache = join(tmpdir(), `audit-toxicity-cache-${process.pid}`);
const dirs: string[] = [];
afterAll(() => [...dirs, cache].forEach((d) => rmSync(d, { recursive: true, force: true })));

async function run(dir: string, target: string): Promise<AuditResult> {
  const model = await loadClassifier(dir, { backend: 'wasm', target, cacheDir: cache });
  try {
    return JSON.parse(JSON.stringify(await runProbe('identity_toxicity', model, { resamples: 50 }))) as AuditResult;
  } finally {
    model.dispose();
  }
}

describe('the identity_toxicity probe', () => {
  it('runs on a multi-label toxicity classifier with --target toxic: every sentence scored with P(toxic)', async () => {
    const dir = multiLabelTinyBert(['toxic', 'insult']);
    dirs.push(dir);
    const result = await run(dir, 'toxic');
    expect([result.target, result.model.multi_label, result.probe?.id]).toEqual(['toxic', true, 'identity_toxicity']);
    expect(result.records).toHaveLength(6039); // 33 templates per slot x 68 terms + 165 templates x 23 control words
    const groups = new Set(result.records.filter((r) => !r.control).map((r) => r.group));
    expect(groups.size).toBe(16 + 9 + 8 + 12 + 23);
    for (const term of ['Islam', 'gay', 'transgender', 'elderly', 'blind person']) expect(groups.has(term)).toBe(true);
    for (const slur of ['retarded person', 'cripple', 'midget']) expect(groups.has(slur)).toBe(false);
    for (const r of result.records) expect(r.score).toBe(r.probs[0]);
    expect(result.stats?.groups).toHaveLength(groups.size);
    expect(validateResult(result, 'run/result.json')).toEqual(result);
  });

  it('runs on a single-label classifier whose labels include the toxic one (softmax, no multi_label field)', async () => {
    const dir = multiLabelTinyBert(['non_toxic', 'toxic'], { problem_type: 'single_label_classification' });
    dirs.push(dir);
    const result = await run(dir, 'toxic');
    expect(result.target).toBe('toxic');
    expect('multi_label' in result.model).toBe(false);
    for (const r of result.records) expect(r.probs[0] + r.probs[1]).toBeCloseTo(1, 9);
  });

  it('is refused on a classifier without the label, naming the labels it has (E_TARGET, exit 2)', async () => {
    const dir = multiLabelTinyBert(['toxic', 'insult']);
    dirs.push(dir);
    const e: unknown = await loadClassifier(dir, { backend: 'wasm', target: 'TOXIC', cacheDir: cache }).then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(AuditError);
    expect([(e as AuditError).code, (e as AuditError).message]).toEqual(['E_TARGET', `--target "TOXIC": ${join(dir, 'config.json')} has no such label (labels: toxic, insult)`]);
  });
});
