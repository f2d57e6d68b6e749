/** The model card (models/demo/README.md), filled from a TrainingReport so every number in it was measured. */
import { paramSpecs } from './params.js';
import type { TrainingReport } from './report.js';

const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;

export function modelCard(r: TrainingReport): string {
  const m = r.recipe.model;
  const c = r.data.countries;
  const params = paramSpecs(m).reduce((n, spec) => n + spec.shape.reduce((x, y) => x * y, 1), 0);
  const minutes = (r.trainSeconds / 60).toFixed(1);
  const product = r.dev.accuracyProduct === null
    ? `not measured (${r.dev.productError ?? 'loadClassifier unavailable'})`
    : pct(r.dev.accuracyProduct);
  const evals = r.evals.map((e) => `| ${e.epoch} | ${e.step} | ${pct(e.accuracy)} |`).join('\n');
  const files = Object.entries(r.files).map(([f, n]) => `| \`${f}\` | ${n.toLocaleString('en-US')} |`).join('\n');
  return `---
license: apache-2.0
language: en
pipeline_tag: text-classification
tags: [distilbert, sst-2, demo, bias-audit]
---

# bias-audit demo model: a small DistilBERT trained from scratch on SST-2

A stand-in that lets \`audit run\` work offline on a fresh machine. It has the **architecture family and
tokenizer** of \`distilbert-base-uncased-finetuned-sst-2-english\` (DistilBertForSequenceClassification,
bert-base-uncased WordPiece vocabulary of 30,522, labels \`0: NEGATIVE\`, \`1: POSITIVE\`), but it is **not that
model**: it is far smaller, it was trained from random weights by this repository's own TypeScript trainer,
and it never saw pre-training text.

## Limits: read before using its numbers

- It is a **small model trained from scratch** on one sentiment dataset of movie-review snippets. Its SST-2 dev
  accuracy (${product}) is well below the real model's (91.3% on the same split, per its model card).
- **Its biases are its own.** Audit results obtained with it describe this demo model only. They say
  nothing about \`distilbert-base-uncased-finetuned-sst-2-english\` or any other model. Word pieces that never occur in
  SST-2 keep their random initial embeddings (the optimizer updates only the rows a batch uses), so the model's
  reaction to them is arbitrary. Of ${c.names} country names (world-countries, English common names), ${c.never}
  never occur as whole words in the training text and ${c.rare} occur 1 to 4 times.
- Inputs longer than ${r.recipe.maxLength} tokens were never seen in training (positions beyond that are untrained).
- Use it for demos, tests and trying the toolkit, not for decisions about any deployed system.

## Architecture

| field | value |
|---|---|
| layers / heads | ${m.n_layers} / ${m.n_heads} |
| dim / FFN hidden | ${m.dim} / ${m.hidden_dim} |
| vocab / positions | ${m.vocab_size.toLocaleString('en-US')} / ${m.max_position_embeddings} |
| activation | gelu (erf) |
| parameters | ${params.toLocaleString('en-US')} (word embeddings: ${(m.vocab_size * m.dim).toLocaleString('en-US')}) |
| stored as | F16 safetensors, Hugging Face tensor names and [out, in] linear layout |

Config and tensor names follow \`DistilBertConfig\`, so Hugging Face \`transformers\` should load the directory
(\`AutoModelForSequenceClassification.from_pretrained\`); that was not tested here (no Python \`transformers\`).

## Data

GLUE SST-2 (Socher et al., 2013; Wang et al., 2019) from the project's shared datasets (provenance in
\`shared/datasets/PROVENANCE.md\`): \`${basename(r.data.trainFile)}\` (${r.data.trainExamples.toLocaleString('en-US')} labelled
phrases and sentences) for training, \`${basename(r.data.devFile)}\` (${r.data.devExamples} sentences) for evaluation. No dev
example was used for training or model selection: the final weights are the weights after the last step.
${r.data.truncatedTrain} training examples were longer than ${r.recipe.maxLength} tokens and truncated.

## Recipe

\`npm run train:demo\` (\`src/train/\`), TensorFlow.js, backend \`${r.hardware.backend}\`.

| setting | value |
|---|---|
| seed | ${r.recipe.seed} (weights, data order and dropout all derive from it; sfc32 PRNG) |
| epochs / batch size / steps | ${r.recipe.epochs} / ${r.recipe.batchSize} / ${r.steps} |
| optimizer | AdamW, β = (0.9, 0.999), ε = 1e-8, weight decay ${r.recipe.weightDecay} (matrices only), gradient clipping at global norm 1 |
| learning rate | peak ${r.recipe.lr}, linear warmup over ${pct(r.recipe.warmup)} of the steps, then linear decay to 0 |
| dropout | ${m.dropout} (embeddings, FFN), ${m.attention_dropout} (attention), ${m.seq_classif_dropout} (classifier) |
| max length | ${r.recipe.maxLength} tokens ([CLS] and [SEP] included) |
| batching | shuffled each epoch, sorted by length within windows of 50 batches, batch order shuffled |

## Results (measured by the training run)

| epoch | step | SST-2 dev accuracy (trainer forward, F32) |
|---|---|---|
${evals}

- Final SST-2 dev accuracy, trainer forward with the F32 weights: **${pct(r.dev.accuracyF32)}**.
- Final SST-2 dev accuracy through the product path (\`loadClassifier(dir).predict\`, F16 weights): **${product}**.
- Largest logit difference, trainer forward vs \`loadClassifier().forward\` on the saved F16 weights:
  ${r.dev.maxLogitDiffTrainerVsProduct === null ? 'not measured' :
    r.dev.maxLogitDiffTrainerVsProduct.toExponential(2)}; F32 vs F16 weights (trainer forward):
  ${r.dev.maxLogitDiffF32VsF16.toExponential(2)}.

## Training time and hardware

${minutes} minutes of wall-clock training (${r.steps} steps; evaluation excluded) on ${r.hardware.cores} × ${r.hardware.cpu},
Node ${r.hardware.node}, single-threaded. ${r.hardware.note}

## Files

| file | bytes |
|---|---|
${files}

\`training.json\` holds the same numbers in machine-readable form. \`vocab.txt\` is the bert-base-uncased vocabulary
(Apache-2.0).
`;
}

function basename(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}
