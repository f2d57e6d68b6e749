/** Every way a model directory can be wrong gives a stable code and a one-line message naming the file. */
import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AuditError } from '../../src/errors.js';
import { loadClassifier } from '../../src/model/index.js';
import { copyModel, readRaw, tempDir, TEST_CACHE, TINY, WIDE, writeRaw, type RawTensor } from './helpers.js';

const cleanup: string[] = [];
afterAll(() => [...cleanup, TEST_CACHE].forEach((d) => rmSync(d, { recursive: true, force: true })));
const tinyCopy = (skip: string[] = []) => { const d = copyModel(TINY, skip); cleanup.push(d); return d; };
const wideCopy = () => { const d = copyModel(WIDE); cleanup.push(d); return d; };

async function failure(dir: string, options = {}): Promise<AuditError> {
  try {
    const model = await loadClassifier(dir, { backend: 'cpu', cacheDir: TEST_CACHE, ...options });
    model.dispose();
  } catch (e) {
    if (e instanceof AuditError) return e;
    throw e;
  }
  throw new Error(`expected ${dir} to fail`);
}

function editTensors(dir: string, edit: (t: Record<string, RawTensor>) => Record<string, RawTensor>): void {
  const path = join(dir, 'model.safetensors');
  writeRaw(path, edit(readRaw(path)));
}

function editConfig(dir: string, edit: (c: Record<string, unknown>) => void): void {
  const path = join(dir, 'config.json');
  const config = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  edit(config);
  writeFileSync(path, JSON.stringify(config));
}

describe('loadClassifier on a bad model directory', () => {
  it('refuses a missing directory (E_MODEL_DIR)', async () => {
    const e = await failure('/nonexistent/model');
    expect([e.code, e.message]).toEqual(['E_MODEL_DIR', '/nonexistent/model: no such model directory']);
  });

  it('refuses a file given as the directory (E_MODEL_DIR)', async () => {
    const e = await failure(join(TINY, 'config.json'));
    expect(e.code).toBe('E_MODEL_DIR');
    expect(e.message).toContain('tiny/config.json: not a directory');
  });

  it('refuses a directory without config.json (E_MODEL_CONFIG)', async () => {
    const dir = tinyCopy(['config.json']);
    const e = await failure(dir);
    expect(e.code).toBe('E_MODEL_CONFIG');
    expect(e.message).toBe(`${join(dir, 'config.json')}: missing (every Hugging Face model directory has a config.json)`);
  });

  it('refuses a config.json that is not JSON (E_MODEL_CONFIG)', async () => {
    const dir = tinyCopy();
    writeFileSync(join(dir, 'config.json'), '{"dim": 32,');
    const e = await failure(dir);
    expect(e.code).toBe('E_MODEL_CONFIG');
    expect(e.message).toMatch(new RegExp(`^${join(dir, 'config.json')}: not valid JSON`));
  });

  it('lists every config problem at once (E_MODEL_CONFIG)', async () => {
    const dir = tinyCopy();
    editConfig(dir, (c) => { delete c.dim; c.n_heads = 5; c.hidden_dim = -1; c.activation = 'swish'; });
    const e = await failure(dir);
    expect(e.code).toBe('E_MODEL_CONFIG');
    expect(e.message).toBe(`${join(dir, 'config.json')}: invalid DistilBERT config (3 problems)`);
    expect(e.problems).toEqual(['dim: missing', 'hidden_dim: expected a positive integer, found -1', 'activation: expected one of gelu, relu, found "swish"']);
  });

  it('refuses a model_type it does not support, listing the supported ones (E_MODEL_TYPE)', async () => {
    const dir = tinyCopy();
    editConfig(dir, (c) => { c.model_type = 'gpt2'; });
    const e = await failure(dir);
    expect(e.code).toBe('E_MODEL_TYPE');
    expect(e.message).toBe(`${join(dir, 'config.json')}: model_type "gpt2" is not supported (supported: distilbert, bert)`);
  });

  it('refuses a checkpoint without a classification head (E_MODEL_TYPE)', async () => {
    const dir = tinyCopy();
    editConfig(dir, (c) => { c.architectures = ['DistilBertForMaskedLM']; });
    expect((await failure(dir)).code).toBe('E_MODEL_TYPE');
  });

  it('refuses a directory without weights (E_MODEL_WEIGHTS)', async () => {
    const dir = tinyCopy(['model.safetensors']);
    const e = await failure(dir);
    expect([e.code, e.message]).toEqual(['E_MODEL_WEIGHTS', `${dir}: no weights found (expected model.safetensors or model.safetensors.index.json)`]);
  });

  it('refuses a pickle checkpoint, saying why and how to convert it (E_PICKLE)', async () => {
    const dir = tinyCopy(['model.safetensors']);
    writeFileSync(join(dir, 'pytorch_model.bin'), 'not really a pickle');
    const e = await failure(dir);
    expect(e.code).toBe('E_PICKLE');
    expect(e.message).toContain(`${join(dir, 'pytorch_model.bin')}: refusing to load a pickle checkpoint`);
    expect(e.message).toContain('arbitrary code');
    expect(e.message).toContain('save_pretrained(out_dir, safe_serialization=True)');
    expect(e.message).toContain('https://huggingface.co/spaces/safetensors/convert');
  });

  it('refuses a safetensors file truncated to 5 bytes (E_SAFETENSORS)', async () => {
    const dir = tinyCopy();
    truncateSync(join(dir, 'model.safetensors'), 5);
    const e = await failure(dir);
    expect(e.code).toBe('E_SAFETENSORS');
    expect(e.message).toBe(`${join(dir, 'model.safetensors')}: not a valid safetensors file: 5 bytes is shorter than the 8-byte header length`);
  });

  it('refuses a file cut inside its header (E_SAFETENSORS)', async () => {
    const dir = tinyCopy();
    truncateSync(join(dir, 'model.safetensors'), 1000);
    const e = await failure(dir);
    expect(e.code).toBe('E_SAFETENSORS');
    expect(e.message).toMatch(/model\.safetensors: not a valid safetensors file: header length 4496 runs past the end of the file \(1000 bytes; truncated\?\)$/);
  });

  it('refuses a file cut inside its data (E_SAFETENSORS)', async () => {
    const dir = tinyCopy();
    const path = join(dir, 'model.safetensors');
    truncateSync(path, statSync(path).size - 100);
    const e = await failure(dir);
    expect(e.code).toBe('E_SAFETENSORS');
    expect(e.message).toMatch(/model\.safetensors: .*tensor "pre_classifier\.weight" data_offsets \[4041352, 4045448\] run past the 4045348-byte data section/);
  });

  it('refuses a header that is not JSON (E_SAFETENSORS)', async () => {
    const dir = tinyCopy();
    const path = join(dir, 'model.safetensors');
    const buf = readFileSync(path);
    buf.write('#', 8); // first byte of the JSON
    writeFileSync(path, buf);
    const e = await failure(dir);
    expect(e.code).toBe('E_SAFETENSORS');
    expect(e.message).toMatch(/model\.safetensors: not a valid safetensors file: header is not valid UTF-8 JSON/);
  });

  it('refuses overlapping tensors (E_SAFETENSORS)', async () => {
    const dir = tinyCopy();
    const path = join(dir, 'model.safetensors');
    const buf = readFileSync(path);
    const n = Number(buf.readBigUInt64LE(0));
    const header = buf.subarray(8, 8 + n).toString('utf8').replace('"data_offsets":[8,264]', '"data_offsets":[4,260]');
    expect(header).toContain('[4,260]');
    writeFileSync(path, Buffer.concat([buf.subarray(0, 8), Buffer.from(header), buf.subarray(8 + n)]));
    const e = await failure(dir);
    expect(e.code).toBe('E_SAFETENSORS');
    expect(e.message).toMatch(/tensor "classifier\.weight" bytes \[4, 260\) overlap "classifier\.bias"/);
  });

  it('refuses a weight stored as an integer dtype (E_WEIGHTS_DTYPE)', async () => {
    const dir = tinyCopy();
    editTensors(dir, (t) => ({ ...t, 'classifier.bias': { ...t['classifier.bias'], dtype: 'I32' } }));
    const e = await failure(dir);
    expect(e.code).toBe('E_WEIGHTS_DTYPE');
    expect(e.message).toBe(`${join(dir, 'model.safetensors')}: unsupported dtype for classifier.bias in ${join(dir, 'model.safetensors')}: dtype I32, expected one of F32, F16, BF16`);
  });

  it('refuses a weight whose shape disagrees with config.json (E_WEIGHTS_SHAPE)', async () => {
    const dir = tinyCopy();
    editTensors(dir, (t) => ({ ...t, 'pre_classifier.weight': { ...t['pre_classifier.weight'], shape: [16, 64] } }));
    const e = await failure(dir);
    expect(e.code).toBe('E_WEIGHTS_SHAPE');
    expect(e.message).toMatch(/: weight does not match config\.json: pre_classifier\.weight in .*model\.safetensors: shape \[16, 64\], config\.json implies \[32, 32\]$/);
  });

  it('names the cause first when many weights disagree with config.json: the size the config implies and the weights lack', async () => {
    const dir = tinyCopy();
    editConfig(dir, (c) => { c.dim = 48; c.n_heads = 2; });
    const e = await failure(dir);
    expect(e.code).toBe('E_WEIGHTS_SHAPE');
    expect(e.message).toMatch(/: \d+ weights do not match config\.json \(config\.json implies size 48 where the weights have 32: is it the config of another model\?\)$/);
    expect(e.problems.length).toBeGreaterThan(20);
    expect(e.problems.length).toBe(Number(/: (\d+) weights/.exec(e.message)![1]));
  });

  it('takes sizes from config.json: a config with 3 layers needs layer 2, counted from the weights\' headers (E_MODEL_WEIGHTS)', async () => {
    const dir = tinyCopy();
    editConfig(dir, (c) => { c.n_layers = 3; });
    const e = await failure(dir);
    expect(e.code).toBe('E_MODEL_WEIGHTS');
    expect(e.message).toBe(`${join(dir, 'config.json')}: n_layers is 3, but the weights hold 2 encoder layers; is config.json from another model?`);
  });

  it('names the missing tensors when the layers are there but a tensor is not (E_WEIGHTS_MISSING)', async () => {
    const dir = tinyCopy();
    editTensors(dir, (t) => Object.fromEntries(Object.entries(t).filter(([name]) => name !== 'distilbert.transformer.layer.1.attention.q_lin.weight')));
    const e = await failure(dir);
    expect(e.code).toBe('E_WEIGHTS_MISSING');
    expect(e.message).toBe(`${join(dir, 'model.safetensors')}: 1 weight missing, first distilbert.transformer.layer.1.attention.q_lin.weight`);
  });

  it('ignores extra tensors such as an old position_ids buffer', async () => {
    const dir = tinyCopy();
    editTensors(dir, (t) => ({ ...t, 'distilbert.embeddings.position_ids': { dtype: 'I64', shape: [1, 2], bytes: new Uint8Array(16) } }));
    const model = await loadClassifier(dir, { backend: 'cpu', cacheDir: TEST_CACHE });
    expect(model.labels).toEqual(['NEGATIVE', 'POSITIVE']);
    model.dispose();
  });
});

describe('loadClassifier on a bad sharded model', () => {
  const indexOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'model.safetensors.index.json'), 'utf8')) as { weight_map: Record<string, string> };
  const writeIndex = (dir: string, index: unknown) => writeFileSync(join(dir, 'model.safetensors.index.json'), JSON.stringify(index));

  // A valid copy of the shard holding classifier.bias sits outside the model directory: had the loader opened
  // the path the index gives, loading would have succeeded.
  const SHARD = 'model-00003-of-00003.safetensors';
  const outside = tempDir();
  cleanup.push(outside);
  copyFileSync(join(WIDE, SHARD), join(outside, SHARD));
  it.each([
    ['a literal ../../etc/passwd', () => '../../etc/passwd'],
    ['a sibling directory through ..', () => `../${basename(outside)}/${SHARD}`],
    ['an absolute path', () => join(outside, SHARD)],
    ['a path that climbs out through a subfolder', () => `sub/../../${basename(outside)}/${SHARD}`],
  ])('refuses an index naming %s, opening nothing outside the model directory (E_WEIGHTS_INDEX)', async (_, target) => {
    const dir = wideCopy();
    const index = indexOf(dir);
    index.weight_map['classifier.bias'] = target();
    writeIndex(dir, index);
    const e = await failure(dir);
    expect(e.code).toBe('E_WEIGHTS_INDEX');
    expect(e.message).toBe(`${join(dir, 'model.safetensors.index.json')}: tensor "classifier.bias" points to ${JSON.stringify(target())}, outside the model directory; refusing to open it`);
  });

  it('refuses an index whose shard is missing (E_WEIGHTS_SHARD)', async () => {
    const dir = wideCopy();
    unlinkSync(join(dir, 'model-00002-of-00003.safetensors'));
    const e = await failure(dir);
    expect(e.code).toBe('E_WEIGHTS_SHARD');
    expect(e.message).toBe(`${join(dir, 'model.safetensors.index.json')}: shard ${join(dir, 'model-00002-of-00003.safetensors')} is missing`);
  });

  it('refuses an index that is not JSON (E_WEIGHTS_INDEX)', async () => {
    const dir = wideCopy();
    writeFileSync(join(dir, 'model.safetensors.index.json'), '{');
    const e = await failure(dir);
    expect(e.code).toBe('E_WEIGHTS_INDEX');
    expect(e.message).toMatch(/model\.safetensors\.index\.json: not valid JSON/);
  });

  it('refuses a tensor the index places in a shard that lacks it (E_WEIGHTS_MISSING)', async () => {
    const dir = wideCopy();
    const index = indexOf(dir);
    index.weight_map['classifier.bias'] = 'model-00001-of-00003.safetensors';
    writeIndex(dir, index);
    const e = await failure(dir);
    expect(e.code).toBe('E_WEIGHTS_MISSING');
    expect(e.message).toBe(`${join(dir, 'model.safetensors.index.json')}: 1 weight missing, first classifier.bias (listed in the index, absent from ${join(dir, 'model-00001-of-00003.safetensors')})`);
  });

  it('loads shards from a subfolder named by the index', async () => {
    const dir = wideCopy();
    mkdirSync(join(dir, 'shards'));
    const index = indexOf(dir);
    for (const f of new Set(Object.values(index.weight_map))) renameSync(join(dir, f), join(dir, 'shards', f));
    for (const k of Object.keys(index.weight_map)) index.weight_map[k] = `shards/${index.weight_map[k]}`;
    writeIndex(dir, index);
    const model = await loadClassifier(dir, { backend: 'cpu', cacheDir: TEST_CACHE });
    expect(model.config).toMatchObject({ model_type: 'distilbert', dim: 768 });
    model.dispose();
  });
});
