import { accessSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HF_FIXTURES, PACKAGE_ROOT } from '../../src/config/paths.js';
import { audit, ensureBuilt } from '../helpers/cli.js';
import { junitErrors, sarifErrors } from '../helpers/schemas.js';

const TINY = join(HF_FIXTURES, 'tiny');
const FORBID_TFJS = ['--import', join(PACKAGE_ROOT, 'test/fixtures/loader/forbid-tfjs.mjs')];
const pipeline = JSON.parse(readFileSync(join(HF_FIXTURES, 'tiny_pipeline.json'), 'utf8')) as { text: string; label: string; score: number }[];

describe('the audit command line', () => {
  let work: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(() => ensureBuilt());
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'audit-cli-'));
    env = { XDG_CACHE_HOME: join(work, 'cache') };
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('builds an executable `audit` binary, as package.json bin names it', () => {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8'));
    const bin = join(PACKAGE_ROOT, pkg.bin.audit);
    // npx runs the root project's own bin directly: without the execute bit it fails with "Permission denied".
    expect(() => accessSync(bin, constants.X_OK)).not.toThrow();
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
  });

  it('prints help without loading TensorFlow.js', () => {
    const r = audit(['--help'], { nodeArgs: FORBID_TFJS, env });
    expect(r.code).toBe(0);
    for (const cmd of ['run', 'score', 'report', 'probes', 'model', 'doctor']) expect(r.stdout).toContain(`audit ${cmd}`);
  });

  it('lists the built-in probes without loading TensorFlow.js', () => {
    const r = audit(['probes', 'list'], { nodeArgs: FORBID_TFJS, env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^countries\s+\d+ templates\s+\d+ sentences {2}MDE 0\.\d{3} {2}/m);
  });

  it('answers an unknown command with exit code 2 and no stack trace', () => {
    const r = audit(['frobnicate'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^audit: error E_USAGE: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('scores texts with the labels and scores of the Hugging Face pipeline', () => {
    const texts = pipeline.slice(0, 4).map((p) => p.text);
    const r = audit(['score', ...texts, '--model', TINY, '--backend', 'cpu'], { env });
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    lines.forEach((line, i) => {
      const [label, score] = line.split('\t');
      expect(label).toBe(pipeline[i].label);
      expect(Number(score)).toBeCloseTo(pipeline[i].score, 4);
    });
  });

  it('writes one JSON object per text with --json, probabilities in id2label order', () => {
    const r = audit(['score', '--json', '--model', TINY, '--backend', 'wasm', 'Hello, my dog is cute'], { env });
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout.trim());
    expect(o.input_ids).toEqual([101, 7592, 1010, 2026, 3899, 2003, 10140, 102]);
    expect(o.probs[0]).toBeCloseTo(0.7668781876564026, 4);
    expect(o.score).toBeCloseTo(o.probs[1], 12);
    expect(Object.keys(o)).toEqual(['text', 'label', 'score', 'probs', 'logits', 'input_ids']);
  });

  it('reads --input one text per line, split on \\n only', () => {
    const file = join(work, 'in.txt');
    writeFileSync(file, 'first\r\nsecond\n\nfourth\n');
    const r = audit(['score', '--json', '--input', file, '--model', TINY, '--backend', 'cpu'], { env });
    const texts = r.stdout.trim().split('\n').map((l) => JSON.parse(l).text);
    expect(texts).toEqual(['first\r', 'second', '', 'fourth']);
  });

  it('names the directory and exits 2 when the model directory does not exist', () => {
    const r = audit(['score', 'hi', '--model', join(work, 'nope')], { env });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(join(work, 'nope'));
  });

  it('reports every problem of a broken probe file, one line each, with exit code 2', () => {
    const r = audit(['run', '--probe', join(PACKAGE_ROOT, 'test/fixtures/cli/broken.yaml'), '--model', TINY], { env });
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/E_PROBE_SPEC: .*broken\.yaml: \d+ problems/);
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(r.stderr).toMatch(/broken\.yaml:\d+: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('runs a probe into a run directory with result.json, scores.csv and report.html', () => {
    const out = join(work, 'run');
    const probe = join(PACKAGE_ROOT, 'test/fixtures/cli/mini.yaml');
    const r = audit(['run', '--probe', probe, '--model', TINY, '--out', out, '--resamples', '200', '--workers', '1'], { env });
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result.records).toHaveLength(16);
    expect(result.model.labels).toEqual(['NEGATIVE', 'POSITIVE']);
    expect(result.records[0]).toMatchObject({ text: 'This film was filmed in France.', template: 'This film was filmed in {country}.', template_id: 'filmed' });
    expect(readFileSync(join(out, 'scores.csv'), 'utf8').split('\n')[0]).toContain('p_POSITIVE');
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    // --no-cache scores everything afresh; a second cached run scores nothing again.
    const fresh = audit(['run', '--probe', probe, '--model', TINY, '--out', join(work, 'fresh'), '--resamples', '200', '--workers', '1', '--no-cache'], { env });
    expect(JSON.parse(readFileSync(join(work, 'fresh', 'result.json'), 'utf8')).counts).toMatchObject({ scored: 16, cached: 0 });
    expect(fresh.code).toBe(0);
    const again = audit(['run', '--probe', probe, '--model', TINY, '--out', join(work, 'run2'), '--resamples', '200', '--workers', '1'], { env });
    expect(again.code).toBe(0);
    expect(JSON.parse(readFileSync(join(work, 'run2', 'result.json'), 'utf8')).counts).toMatchObject({ scored: 0, cached: 16 });
  });

  it('replays a run, checks it against a policy and exports a model-card paragraph', async () => {
    const out = join(work, 'run');
    const probe = join(PACKAGE_ROOT, 'test/fixtures/cli/mini.yaml');
    expect(audit(['run', '--probe', probe, '--model', TINY, '--out', out, '--resamples', '200', '--workers', '1'], { env }).code).toBe(0);

    const replay = audit(['run', '--replay', out, '--model', TINY, '--workers', '1', '--no-cache'], { env });
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(/match/i);

    const strict = join(work, 'strict.yaml');
    writeFileSync(strict, "version: 1\nrules:\n  '*':\n    mean_score: { min: 0.99, on: value }\n");
    const failed = audit(['check', out, '--policy', strict], { env });
    expect(failed.code).toBe(1);
    expect(await junitErrors(readFileSync(join(out, 'check.junit.xml'), 'utf8'))).toBe('');
    expect(sarifErrors(JSON.parse(readFileSync(join(out, 'check.sarif'), 'utf8')))).toBe('');

    const md = audit(['export', out, '--format', 'md'], { env });
    expect(md.code).toBe(0);
    // The paragraph names the lowest and highest groups (by mean) and the significant ones.
    expect(md.stdout).toMatch(/Kenya|Peru|France/);
  });

  it('replays a run on the engine it recorded unless --engine names another', () => {
    const out = join(work, 'run');
    const probe = join(PACKAGE_ROOT, 'test/fixtures/cli/mini.yaml');
    const run = audit(['run', '--probe', probe, '--model', TINY, '--out', out, '--resamples', '50', '--engine', 'tfjs', '--workers', '1'], { env });
    expect(run.code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')).model).toMatchObject({ engine: 'tfjs', engine_reason: '--engine tfjs' });
    const replay = audit(['run', '--replay', out, '--model', TINY, '--workers', '1', '--no-cache'], { env });
    expect(replay.code).toBe(0);
    expect(replay.stderr).toContain('replaying on tfjs, the engine the run recorded');
    expect(replay.stderr).toMatch(/^engine: tfjs /m);
    const onOnnx = audit(['run', '--replay', out, '--model', TINY, '--engine', 'onnx', '--no-cache'], { env });
    expect(onOnnx.stderr).toMatch(/^engine: onnx \(--engine onnx\)/m);
    expect(onOnnx.stderr).not.toContain('the engine the run recorded');
    expect(onOnnx.code).toBe(0); // the engines agree well within the replay tolerance on this model
  });

  it('shows each command only the options it uses, and doctor says which engine auto picks and why', () => {
    const check = audit(['check', '--help'], { env });
    expect(check.code).toBe(0);
    for (const option of ['--engine', '--backend', '--workers']) expect(check.stdout).not.toContain(option);
    const run = audit(['run', '--help'], { env });
    for (const option of ['--engine', '--backend', '--workers', '--model']) expect(run.stdout).toContain(option);
    const doctor = audit(['doctor'], { env });
    expect(doctor.code).toBe(0);
    expect(doctor.stdout).toMatch(/^ {2}--engine auto picks (tfjs|onnx): \S/m);
  });

  it('evaluates the embedded demo model on SST-2 dev at the accuracy its model card states (at least 80%)', () => {
    const r = audit(['eval', '--model', 'demo', '--json', '--workers', '1'], { env });
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout.trim());
    expect(o.n).toBe(872);
    expect(o.accuracy).toBeGreaterThanOrEqual(0.8);
    const card = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'models/demo/training.json'), 'utf8'));
    expect(o.accuracy).toBeCloseTo(card.dev.accuracyProduct, 6);
    expect(o.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(872);
  });

  it('gives the same scores on the ONNX Runtime engine as on TensorFlow.js', () => {
    const text = 'This film was filmed in France.';
    const tfjs = JSON.parse(audit(['score', '--json', '--model', TINY, '--backend', 'cpu', text], { env }).stdout);
    const onnx = audit(['score', '--json', '--model', TINY, '--engine', 'onnx', text], { env });
    expect(onnx.code).toBe(0);
    const o = JSON.parse(onnx.stdout);
    o.logits.forEach((v: number, i: number) => expect(Math.abs(v - tfjs.logits[i])).toBeLessThan(1e-4));
  });

  it('lists the embedded demo model and cached models with size and fingerprint', () => {
    const pulled = join(work, 'cache', 'bias-audit', 'models', 'acme--tiny');
    mkdirSync(pulled, { recursive: true });
    for (const f of ['config.json', 'vocab.txt', 'tokenizer_config.json', 'model.safetensors']) copyFileSync(join(TINY, f), join(pulled, f));
    const r = audit(['model', 'list'], { env });
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^demo \(embedded\)\s+\d+\.\d MB\s+[0-9a-f]{16}\s/);
    expect(lines[1]).toMatch(/^acme\/tiny\s+4\.3 MB\s+[0-9a-f]{16}\s/);
  });

  it('scores an empty text as [CLS] [SEP] and truncates a text over 512 tokens with one warning, exit 0', () => {
    const long = Array.from({ length: 600 }, (_, i) => `word${i % 7}`).join(' ');
    const r = audit(['score', '--json', '--model', TINY, '--backend', 'cpu', '', long], { env });
    expect(r.code).toBe(0);
    const [empty, truncated] = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(empty.input_ids).toEqual([101, 102]);
    expect(truncated.input_ids).toHaveLength(512);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('warning:'))).toHaveLength(1);
  });
});
