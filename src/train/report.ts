/** What a finished run measured: written to <out>/training.json and rendered into the model card. */
import type { CountryCoverage } from './coverage.js';
import type { Recipe } from './recipe.js';

export interface TrainingReport {
  recipe: Recipe;
  data: {
    trainFile: string; devFile: string; trainExamples: number; devExamples: number; truncatedTrain: number; countries: CountryCoverage;
  };
  steps: number;
  /** Wall-clock training seconds (all resumed segments together), evaluation excluded. */
  trainSeconds: number;
  hardware: { cpu: string; cores: number; node: string; backend: string; note: string };
  evals: { epoch: number; step: number; accuracy: number }[];
  dev: {
    /** Trainer forward, F32 weights as trained. */
    accuracyF32: number;
    /** The product path: loadClassifier(<out>).predict(dev sentences), F16 weights; null if it could not run. */
    accuracyProduct: number | null;
    /** max |logit difference| trainer forward (F16-rounded weights) vs loadClassifier().forward on the same ids. */
    maxLogitDiffTrainerVsProduct: number | null;
    /** max |logit difference| F32 weights vs F16-rounded weights, both through the trainer forward. */
    maxLogitDiffF32VsF16: number;
    productError?: string;
  };
  files: Record<string, number>;
}
