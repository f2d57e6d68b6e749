/**
 * Model directories that used to load and fail later (or never): a tokenizer with ids past vocab_size, a config
 * with far more layers than the weights, two labels of one name; and --onnx-file naming a device.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_MODEL_DIR } from '../../src/config/paths.js';
import { resolveOnnxFile } from '../../src/engines/onnx/graph-file.js';
import { AuditError } from '../../src/errors.js';
import { loadClassifier } from '../../src/model/index.js';
import { copyModel, TEST_CACHE } from './helpers.js';

const cleanup: string[] = [];
afterAll(() => [...cleanup, TEST_CACHE].forEach((d) => rmSync(d, { recursive: true, force: true })));

function demoWith(edit: (config: Record<string, unknown>) => void): string {
  const dir = copyModel(DEMO_MODEL_DIR);
  cleanup.push(dir);
  const path = join(dir, 'config.json');
  const config = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  edit(config);
  writeFileSync(path, JSON.stringify(config));
  return dir;
}

async function failure(dir: string, options = {}): Promise<{ error: AuditError; seconds: number }> {
  const t0 = performance.now();
  try {
    const model = await loadClassifier(dir, { backend: 'cpu', cacheDir: TEST_CACHE, ...options });
    model.dispose();
  } catch (e) {
    if (e instanceof AuditError) return { error: e, seconds: (performance.now() - t0) / 1000 };
    throw e;
  }
  throw new Error(`expected ${dir} to fail`);
}

describe('checks at load time', () => {
  it('refuses a tokenizer whose ids reach past the config\'s vocab_size (the first such text used to end the run with exit 3)', async () => {
    const dir = demoWith((c) => { c.vocab_size = 30000; });
    const { error } = await failure(dir);
    expect([error.code, error.kind]).toEqual(['E_TOKENIZER', 'input']);
    expect(error.message).toBe(`${join(dir, 'vocab.txt')}: the tokenizer has 30522 tokens (ids up to 30521), but ${join(dir, 'config.json')} has vocab_size 30000; `
      + 'the tokenizer and the model do not belong together');
  });

  it('refuses n_layers: 1000000 from the weights\' headers at once, before building anything', async () => {
    const dir = demoWith((c) => { c.n_layers = 1_000_000; });
    const { error, seconds } = await failure(dir);
    expect([error.code, error.message]).toEqual(['E_MODEL_WEIGHTS', `${join(dir, 'config.json')}: n_layers is 1000000, but the weights hold 2 encoder layers; is config.json from another model?`]);
    expect(seconds).toBeLessThan(5);
  });

  it('refuses two labels of one name (--target would read the first one\'s probability)', async () => {
    const dir = demoWith((c) => { c.id2label = { 0: 'POSITIVE', 1: 'POSITIVE' }; });
    const { error } = await failure(dir);
    expect(error.code).toBe('E_MODEL_CONFIG');
    expect(error.problems).toContain('id2label: the label "POSITIVE" is given twice (keys "0" and "1"); label names must be distinct');
  });

  it('says that --onnx-file /dev/zero is not a regular file rather than "no such file"', () => {
    expect(() => resolveOnnxFile(DEMO_MODEL_DIR, '/dev/zero')).toThrow('--onnx-file /dev/zero: /dev/zero is not a regular file (a device, FIFO or socket)');
  });
});
