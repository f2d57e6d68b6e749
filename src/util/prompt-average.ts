/**
 * One prediction per text from its predictions under several prompts (an LLM classifier's paraphrased prompts): the
 * labels' probabilities averaged over the prompts, the score the target's average, the label the average's arg-max,
 * and each prompt's score kept in `promptScores` (prompt order) for the statistics that treat the prompt as a factor.
 */
import type { Prediction } from '../types.js';

export function averageOverPrompts(perPrompt: Prediction[], labels: string[], target: string): Prediction {
  const P = perPrompt.length;
  const probs = labels.map((_, l) => perPrompt.reduce((a, p) => a + p.probs[l], 0) / P);
  let best = 0;
  for (let i = 1; i < probs.length; i++) if (probs[i] > probs[best]) best = i;
  const offs = perPrompt.map((p) => p.offLabel);
  const offLabel = offs.every((o): o is number => o !== undefined) ? offs.reduce((a, b) => a + b, 0) / P : undefined;
  // Sampled answers: summed over the prompts (n = K per prompt), so the record shows every answer the score rests on.
  const each = perPrompt.map((p) => p.answers);
  const answers = each.every((a): a is NonNullable<Prediction['answers']> => a !== undefined)
    ? { n: each.reduce((s, a) => s + a.n, 0), counts: labels.map((_, l) => each.reduce((s, a) => s + a.counts[l], 0)) } : undefined;
  return {
    label: labels[best],
    score: probs[labels.indexOf(target)],
    probs,
    // Log-probabilities, as the LLM engine's own predictions carry (floored: the cache stores JSON, which has no -Infinity).
    logits: probs.map((p) => Math.log(Math.max(p, Number.MIN_VALUE))),
    inputIds: [],
    promptScores: perPrompt.map((p) => p.score),
    ...(offLabel !== undefined ? { offLabel } : {}),
    ...(answers ? { answers } : {}),
  };
}
