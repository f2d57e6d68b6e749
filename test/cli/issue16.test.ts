/**
 * The command line for the options of issue 16: --target on a multi-label model (with the identity_toxicity probe),
 * --engine onnx --onnx-file for two graphs of one model compared with `audit diff` (as the README shows), and the
 * input errors (exit 2, one line naming the file) for a missing graph, --onnx-file without --engine onnx, and a
 * tokenizer.json of a model family no engine runs.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HF_FIXTURES, PACKAGE_ROOT } from '../../src/config/paths.js';
import { audit, ensureBuilt } from '../helpers/cli.js';
import { multiLabelTinyBert } from '../helpers/multi-label-model.js';

const TINY = join(HF_FIXTURES, 'tiny');
const MINI = join(PACKAGE_ROOT, 'test', 'fixtures', 'cli', 'mini.yaml');

let work: string;
let env: NodeJS.ProcessEnv;
beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'audit-cli-16-'));
  env = { XDG_CACHE_HOME: join(work, 'cache') };
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const resultOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));

describe('audit run on a multi-label toxicity model', () => {
  it('audits P(toxic) with the identity_toxicity probe and says so in result.json and the report', () => {
    const model = multiLabelTinyBert(['toxic', 'insult']);
    const out = join(work, 'toxic');
    const r = audit(['run', '--probe', 'identity_toxicity', '--model', model, '--target', 'toxic', '--limit', '200', '--resamples', '50', '--workers', '1', '--out', out, '--quiet'], { env });
    rmSync(model, { recursive: true, force: true });
    expect([r.code, r.stderr]).toEqual([0, '']);
    const result = resultOf(out);
    expect([result.target, result.model.multi_label, result.records.length]).toEqual(['toxic', true, 200]);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('this run audits the label toxic only, of toxic, insult');
  });

  it('refuses the default target on it, listing its labels (exit 2)', () => {
    const model = multiLabelTinyBert(['toxic', 'insult']);
    const r = audit(['run', '--probe', 'identity_toxicity', '--model', model, '--workers', '1', '--out', join(work, 'no'), '--quiet'], { env });
    rmSync(model, { recursive: true, force: true });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`audit: error E_TARGET: --target "POSITIVE": ${join(model, 'config.json')} has no such label (labels: toxic, insult)`);
  });
});

describe('audit run --engine onnx --onnx-file', () => {
  let model: string;
  beforeAll(() => {
    model = join(work, 'model');
    mkdirSync(join(model, 'onnx'), { recursive: true });
    for (const f of readdirSync(TINY)) copyFileSync(join(TINY, f), join(model, f));
    copyFileSync(join(HF_FIXTURES, 'tiny-onnx', 'model.onnx'), join(model, 'onnx', 'model.onnx'));
  });

  it('audits two graphs of one model (here the same bytes under two names) and audit diff compares the runs', () => {
    copyFileSync(join(model, 'onnx', 'model.onnx'), join(model, 'onnx', 'model_quantized.onnx'));
    const runs = ['model.onnx', 'model_quantized.onnx'].map((file) => {
      const out = join(work, file);
      const r = audit(['run', '--probe', MINI, '--model', model, '--engine', 'onnx', '--onnx-file', file, '--resamples', '50', '--out', out, '--quiet'], { env });
      expect([r.code, r.stderr]).toEqual([0, '']);
      return out;
    });
    const [a, b] = runs.map(resultOf);
    expect(a.model.backend).toBe('onnxruntime-cpu (onnx/model.onnx)');
    expect(b.model.backend).toBe('onnxruntime-cpu (onnx/model_quantized.onnx)');
    // The fingerprint's manifest names each file, so another graph file is another model even with the same bytes;
    // the same bytes give the same scores.
    expect(a.model.fingerprint).not.toBe(b.model.fingerprint);
    expect(b.records.map((r: { score: number }) => r.score)).toEqual(a.records.map((r: { score: number }) => r.score));
    const diff = audit(['diff', runs[0], runs[1], '--out', join(work, 'diff')], { env });
    expect(diff.code).toBe(0);
  });

  it('names the file it could not find (exit 2)', () => {
    const r = audit(['run', '--probe', MINI, '--model', model, '--engine', 'onnx', '--onnx-file', 'model_int8.onnx', '--out', join(work, 'x'), '--quiet'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`audit: error E_ONNX_FILE: --onnx-file model_int8.onnx: no such file (looked for `);
    expect(r.stderr).toContain(join(model, 'onnx', 'model_int8.onnx'));
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('needs --engine onnx (exit 2 with --engine tfjs; --engine auto takes ONNX Runtime for it)', () => {
    const r = audit(['run', '--probe', MINI, '--model', model, '--engine', 'tfjs', '--onnx-file', 'model.onnx', '--out', join(work, 'y'), '--quiet'], { env });
    expect([r.code, r.stderr.trim()]).toEqual([2, 'audit: error E_ONNX_FILE: --onnx-file model.onnx: needs --engine onnx']);
  });
});

describe('a model whose tokenizer.json is not WordPiece', () => {
  it('is refused with one line naming the file and the model type (exit 2)', () => {
    const model = join(work, 'bpe');
    mkdirSync(model);
    for (const f of readdirSync(TINY)) if (f !== 'vocab.txt') copyFileSync(join(TINY, f), join(model, f));
    writeFileSync(join(model, 'tokenizer.json'), JSON.stringify({ version: '1.0', model: { type: 'BPE', vocab: {}, merges: [] } }));
    const r = audit(['score', '--model', model, 'hello'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `audit: error E_TOKENIZER_MODEL: ${join(model, 'tokenizer.json')}: model.type "BPE" is not supported: only WordPiece (the BERT family) can be audited; BPE and Unigram tokenizers belong to architectures no engine here runs`,
    );
  });
});
