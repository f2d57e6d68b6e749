/** The committed models/demo: layout, size, and the numbers its model card claims. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { datasetsDir, DEMO_MODEL_DIR } from '../../src/config/paths.js';
import { loadClassifier, type TfjsClassifier } from '../../src/model/index.js';
import { DEMO_MODEL } from '../../src/train/config.js';
import { readSst2 } from '../../src/train/data.js';
import { loadModelDir } from '../../src/train/model-dir.js';
import type { TrainingReport } from '../../src/train/report.js';
import { readSafetensorsHeader } from '../../src/train/safetensors.js';
import { Trainer } from '../../src/train/trainer.js';
import { DEFAULT_RECIPE } from '../../src/train/recipe.js';

const MAX_BYTES = 12 * 1024 * 1024;
const report = JSON.parse(readFileSync(join(DEMO_MODEL_DIR, 'training.json'), 'utf8')) as TrainingReport;

function expectedTensors(): Record<string, number[]> {
  const { dim, hidden_dim: hidden, vocab_size: vocab, max_position_embeddings: positions } = DEMO_MODEL;
  const out: Record<string, number[]> = {
    'distilbert.embeddings.word_embeddings.weight': [vocab, dim],
    'distilbert.embeddings.position_embeddings.weight': [positions, dim],
    'distilbert.embeddings.LayerNorm.weight': [dim],
    'distilbert.embeddings.LayerNorm.bias': [dim],
    'pre_classifier.weight': [dim, dim],
    'pre_classifier.bias': [dim],
    'classifier.weight': [2, dim],
    'classifier.bias': [2],
  };
  for (let i = 0; i < DEMO_MODEL.n_layers; i++) {
    const p = `distilbert.transformer.layer.${i}`;
    for (const lin of ['q_lin', 'k_lin', 'v_lin', 'out_lin']) {
      out[`${p}.attention.${lin}.weight`] = [dim, dim];
      out[`${p}.attention.${lin}.bias`] = [dim];
    }
    out[`${p}.ffn.lin1.weight`] = [hidden, dim];
    out[`${p}.ffn.lin1.bias`] = [hidden];
    out[`${p}.ffn.lin2.weight`] = [dim, hidden];
    out[`${p}.ffn.lin2.bias`] = [dim];
    for (const norm of ['sa_layer_norm', 'output_layer_norm']) {
      out[`${p}.${norm}.weight`] = [dim];
      out[`${p}.${norm}.bias`] = [dim];
    }
  }
  return out;
}

describe('models/demo', () => {
  it('holds exactly the Hugging Face files, the card and training.json, in at most 12 MB', () => {
    expect(readdirSync(DEMO_MODEL_DIR).sort()).toEqual(['README.md', 'config.json', 'model.safetensors', 'tokenizer_config.json', 'training.json', 'vocab.txt']);
    const total = readdirSync(DEMO_MODEL_DIR).reduce((n, f) => n + statSync(join(DEMO_MODEL_DIR, f)).size, 0);
    expect(total).toBeLessThanOrEqual(MAX_BYTES);
  });

  it('stores every DistilBertForSequenceClassification tensor under its Hugging Face name, F16, torch shapes', () => {
    const file = join(DEMO_MODEL_DIR, 'model.safetensors');
    const header = readSafetensorsHeader(readFileSync(file), file);
    const shapes = Object.fromEntries(Object.entries(header).map(([name, info]) => [name, info.shape]));
    expect(shapes).toEqual(expectedTensors());
    expect(new Set(Object.values(header).map((info) => info.dtype))).toEqual(new Set(['F16']));
  });

  it('has a DistilBERT config.json, the bert-base-uncased vocab and the tokenizer config', () => {
    const config = JSON.parse(readFileSync(join(DEMO_MODEL_DIR, 'config.json'), 'utf8'));
    expect(config).toMatchObject({
      model_type: 'distilbert',
      architectures: ['DistilBertForSequenceClassification'],
      activation: 'gelu',
      dim: 128,
      n_layers: 2,
      n_heads: 4,
      hidden_dim: 512,
      vocab_size: 30522,
      max_position_embeddings: 512,
      id2label: { 0: 'NEGATIVE', 1: 'POSITIVE' },
      label2id: { NEGATIVE: 0, POSITIVE: 1 },
    });
    const shared = readFileSync(join(datasetsDir(), 'vocab', 'bert-base-uncased-vocab.txt'));
    expect(readFileSync(join(DEMO_MODEL_DIR, 'vocab.txt')).equals(shared)).toBe(true);
    expect(JSON.parse(readFileSync(join(DEMO_MODEL_DIR, 'tokenizer_config.json'), 'utf8'))).toEqual({ do_lower_case: true, model_max_length: 512 });
  });

  it('was trained with the default recipe, so `npm run train:demo` reproduces it', () => {
    expect(report.recipe).toEqual(DEFAULT_RECIPE);
  });

  describe('through the product loader', () => {
    let classifier: TfjsClassifier;
    beforeAll(async () => {
      classifier = await loadClassifier(DEMO_MODEL_DIR, { backend: 'wasm' });
    });
    afterAll(() => classifier.dispose());

    it('scores SST-2 dev with the accuracy training.json and the card report (at least 80%)', async () => {
      const { dev } = readSst2(datasetsDir());
      const predictions = await classifier.predict(dev.map((e) => e.text));
      const accuracy = predictions.filter((p, i) => (p.label === 'POSITIVE' ? 1 : 0) === dev[i].label).length / dev.length;
      expect(accuracy).toBe(report.dev.accuracyProduct);
      expect(accuracy).toBeGreaterThanOrEqual(0.8);
      expect(readFileSync(join(DEMO_MODEL_DIR, 'README.md'), 'utf8')).toContain(`${(100 * accuracy).toFixed(2)}%`);
    });

    it('gives the logits the training forward gives on the same weights', async () => {
      const { cfg, params } = loadModelDir(DEMO_MODEL_DIR);
      const ids = [
        [101, 1037, 6919, 1010, 3048, 2143, 102],
        [101, 1037, 10634, 1010, 17267, 6752, 102],
        [101, 2023, 2143, 2001, 6361, 1999, 2605, 1012, 102],
      ];
      const trainer = new Trainer({ ...DEFAULT_RECIPE, model: cfg }, { train: { ids: [], labels: [] } }, params);
      const ours = await trainer.logits({ ids, labels: [0, 0, 0] });
      trainer.dispose();
      const theirs = await classifier.forward(ids, ids.map((r) => r.map(() => 1)));
      ours.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - theirs[i][j])).toBeLessThan(1e-4)));
    });
  });
});
