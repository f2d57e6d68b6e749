/** BertForSequenceClassification through the same model_type factory, against transformers' logits. */
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadClassifier, type TfjsClassifier } from '../../src/model/index.js';
import { copyModel, maxAbsDiff, readLogits, readRaw, TEST_CACHE, TINY_BERT, writeRaw } from './helpers.js';
import { failure as auditFailure } from '../helpers/failure.js';

const TOLERANCE = 1e-4;
const reference = readLogits('tiny_bert_logits.json');
const cleanup: string[] = [TEST_CACHE];
afterAll(() => cleanup.forEach((d) => rmSync(d, { recursive: true, force: true })));

function bertCopy(edit?: (c: Record<string, unknown>) => void): string {
  const dir = copyModel(TINY_BERT);
  cleanup.push(dir);
  if (edit) {
    const path = join(dir, 'config.json');
    const config = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    edit(config);
    writeFileSync(path, JSON.stringify(config));
  }
  return dir;
}

/** The AuditError loading `dir` throws. */
const failure = (dir: string) => auditFailure(loadClassifier(dir, { backend: 'cpu', cacheDir: TEST_CACHE }).then((m) => m.dispose()));

describe.each(['wasm', 'cpu'] as const)('tiny BERT on the %s backend', (backend) => {
  let model: TfjsClassifier;
  beforeAll(async () => { model = await loadClassifier(TINY_BERT, { backend, cacheDir: TEST_CACHE }); });
  afterAll(() => model.dispose());

  it('reads the BERT config with its own field names', () => {
    expect(model.config).toMatchObject({ model_type: 'bert', hidden_size: 32, num_hidden_layers: 2, num_attention_heads: 4, intermediate_size: 64, hidden_act: 'gelu', layer_norm_eps: 1e-12, type_vocab_size: 2 });
    expect(model.labels).toEqual(['NEGATIVE', 'POSITIVE']);
  });

  it('matches transformers on 24 single texts and 8 padded batches of 8 within 1e-4', async () => {
    expect(reference).toHaveLength(32);
    for (const b of reference) {
      expect(maxAbsDiff(await model.forward(b.input_ids, b.attention_mask), b.logits)).toBeLessThan(TOLERANCE);
    }
  });

  it('predicts from text with the same WordPiece ids as the reference', async () => {
    const [p] = await model.predict(['Hello, my dog is cute']);
    expect(p.inputIds).toEqual(reference[0].input_ids[0]);
    expect(maxAbsDiff([p.logits], reference[0].logits)).toBeLessThan(TOLERANCE);
    expect(p.score).toBeCloseTo(reference[0].probs[0][1], 5);
  });

  it('frees every weight on dispose()', async () => {
    const before = tf.memory().numTensors;
    const other = await loadClassifier(TINY_BERT, { backend, cacheDir: TEST_CACHE });
    // 5 embedding tensors (word, position, token type 0, LayerNorm x2), 16 per layer x 2, pooler and classifier 4
    expect(tf.memory().numTensors - before).toBe(5 + 16 * 2 + 4);
    other.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('a bad BERT model directory', () => {
  it('lists every BERT config problem at once (E_MODEL_CONFIG)', async () => {
    const dir = bertCopy((c) => { delete c.hidden_size; c.num_attention_heads = 0; c.hidden_act = 'gelu_new'; c.layer_norm_eps = 'small'; c.position_embedding_type = 'relative_key'; });
    const e = await failure(dir);
    expect(e.code).toBe('E_MODEL_CONFIG');
    expect(e.message).toBe(`${join(dir, 'config.json')}: invalid BERT config (5 problems)`);
    expect(e.problems).toEqual([
      'hidden_size: missing',
      'num_attention_heads: expected a positive integer, found 0',
      'layer_norm_eps: expected a positive number, found "small"',
      'hidden_act: expected one of gelu, relu, found "gelu_new"',
      'position_embedding_type: expected one of absolute, found "relative_key"',
    ]);
  });

  it('says hidden_size must divide into the heads', async () => {
    const e = await failure(bertCopy((c) => { c.num_attention_heads = 5; }));
    expect(e.problems).toEqual(['hidden_size (32) is not a multiple of num_attention_heads (5)']);
  });

  it('names a missing BERT tensor (E_WEIGHTS_MISSING)', async () => {
    const dir = bertCopy();
    const path = join(dir, 'model.safetensors');
    const tensors = readRaw(path);
    delete tensors['bert.pooler.dense.weight'];
    writeRaw(path, tensors);
    const e = await failure(dir);
    expect(e.code).toBe('E_WEIGHTS_MISSING');
    expect(e.problems).toEqual(['bert.pooler.dense.weight']);
  });

  it('checks the token-type table against type_vocab_size (E_WEIGHTS_SHAPE)', async () => {
    const e = await failure(bertCopy((c) => { c.type_vocab_size = 3; }));
    expect(e.code).toBe('E_WEIGHTS_SHAPE');
    expect(e.message).toContain('bert.embeddings.token_type_embeddings.weight');
    expect(e.message).toContain('shape [2, 32], config.json implies [3, 32]');
  });

  it('refuses a BERT checkpoint without a classification head, naming the expected one (E_MODEL_TYPE)', async () => {
    const e = await failure(bertCopy((c) => { c.architectures = ['BertForMaskedLM']; }));
    expect(e.code).toBe('E_MODEL_TYPE');
    expect(e.message).toContain('(expected e.g. BertForSequenceClassification)');
  });

  it('refuses a model_type that only looks like an object key (E_MODEL_TYPE)', async () => {
    const e = await failure(bertCopy((c) => { c.model_type = 'constructor'; }));
    expect(e.message).toMatch(/model_type "constructor" is not supported \(supported: distilbert, bert\)$/);
  });
});
