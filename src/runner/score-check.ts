/**
 * What a score must be before it is used or cached, whoever computed it (this process, a queue worker, an old
 * cache file): one finite logit and one probability in [0, 1] per label. `headProblem` adds the head's own rule:
 * the probabilities are the softmax (or, multi-label, the sigmoid) of the logits.
 */
import { sigmoid, softmax } from '../util/activation.js';
import type { CachedScore } from './cache.js';

/** How far a returned probability may sit from the head applied to the returned logits (float32 engines agree to ~1e-7). */
export const HEAD_TOLERANCE = 1e-5;

/** Why `score` is not a usable score for `width` labels, or null when it is. */
export function scoreProblem(score: CachedScore, width: number): string | null {
  if (!Array.isArray(score.probs) || !Array.isArray(score.logits)) return 'probabilities or logits are not arrays';
  if (score.probs.length !== width || score.logits.length !== width) {
    return `${score.probs.length} probabilities and ${score.logits.length} logits for ${width} labels`;
  }
  const logit = score.logits.find((x) => typeof x !== 'number' || !Number.isFinite(x));
  if (logit !== undefined) return `a logit is ${String(logit)}, not a finite number`;
  const prob = score.probs.find((p) => typeof p !== 'number' || !Number.isFinite(p) || p < 0 || p > 1);
  if (prob !== undefined) return `a probability is ${String(prob)}, outside [0, 1]`;
  const off = score.offLabel;
  if (off !== undefined && (typeof off !== 'number' || !Number.isFinite(off) || off < 0 || off > 1)) {
    return `the off-label mass is ${String(off)}, outside [0, 1]`;
  }
  return null;
}

/** scoreProblem, then: are the probabilities the head's function of the logits (within HEAD_TOLERANCE)? */
export function headProblem(score: CachedScore, width: number, multiLabel: boolean): string | null {
  const basic = scoreProblem(score, width);
  if (basic) return basic;
  const expected = multiLabel ? score.logits.map(sigmoid) : softmax(score.logits);
  const off = expected.findIndex((p, i) => Math.abs(p - score.probs[i]) > HEAD_TOLERANCE);
  if (off < 0) return null;
  return `probability ${score.probs[off]} of label ${off} is not the ${multiLabel ? 'sigmoid' : 'softmax'} of the logits ` +
    `(${expected[off]})`;
}
