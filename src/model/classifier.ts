/**
 * The library entry for a local model directory: `loadClassifier(dir)` -> a `Classifier` that tokenizes, runs the
 * TensorFlow.js forward pass in length-bucketed batches (one `data()` read per batch) and returns plain numbers.
 */
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend, useBackend, type BackendName, type SelectedBackend } from './backend.js';
import { loadModel, type SequenceClassificationModel } from './factory.js';
import { modelFingerprint } from './fingerprint.js';
import { checkLoad, SequenceClassifier, type BatchRunner, type CommonLoadOptions, type PaddedBatch } from './sequence-classifier.js';

export type { BackendName } from './backend.js';
export { DEFAULT_BATCH_SIZE, DEFAULT_TARGET, softmax } from './sequence-classifier.js';

export interface LoadOptions extends CommonLoadOptions {
  backend?: BackendName;
}

/** A classifier with the batch-level entry points the runner and tests use. */
export type TfjsClassifier = SequenceClassifier;

export { modelFingerprint };

export async function loadClassifier(dir: string, options: LoadOptions = {}): Promise<TfjsClassifier> {
  const checked = await checkLoad(dir, options);
  const backend = await selectBackend(options.backend ?? 'auto');
  const model = await loadModel(checked.root);
  // Hashed after the weights passed their checks, so a broken directory is reported before being read twice.
  let fingerprint: string;
  try {
    fingerprint = await modelFingerprint(checked.root);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return new SequenceClassifier({ checked, fingerprint, backend: backend.label }, new TfjsRunner(model, backend));
}

/** One forward pass and one `data()` read per batch, on the backend the model was built on. */
class TfjsRunner implements BatchRunner {
  constructor(
    private readonly model: SequenceClassificationModel,
    private readonly selected: SelectedBackend,
  ) {}

  async run(batch: PaddedBatch): Promise<Float32Array> {
    await useBackend(this.selected);
    const ids = tf.tensor2d(batch.ids, [batch.rows, batch.width], 'int32');
    const mask = tf.tensor2d(Float32Array.from(batch.mask), [batch.rows, batch.width], 'float32');
    let logits: tf.Tensor2D | undefined;
    try {
      logits = this.model.forward(ids, mask);
      return (await logits.data()) as Float32Array;
    } finally {
      tf.dispose([ids, mask, ...(logits ? [logits] : [])]);
    }
  }

  dispose(): void {
    this.model.dispose();
  }
}
