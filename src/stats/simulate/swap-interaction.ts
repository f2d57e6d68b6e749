/**
 * Calibration of the swap interaction of own data (`--intersect` of two swapped axes, src/data/cross-swap.ts and
 * summarizeInteraction): per pair of swaps (a -> a', b -> b') each source text of cell (a, b) gives
 * s(a', b') − s(a', b) − s(a, b') + s(a, b), its four scores from the same text. A text's score in cell (a, b) is
 *
 *   0.1 + 0.8 expit(x_text + e) + α_a + β_b + γ_ab (+ κ_text on the both-swapped text, `mixed` designs)
 *
 * with x_text ~ N(0, 1) the text's own level, e ~ N(0, noiseSd²) per text and variant (the replaced words' own effect).
 * Effects on the probability scale, so a pair's true mean interaction is γ_a'b' − γ_a'b − γ_ab' + γ_ab exactly (plus
 * the mean of κ, 0). The statistics are the run's own: summarizeInteraction per pair (t interval, Wilcoxon p) and
 * Holm over every pair of the run (holmAdjust), `significant` = Holm p < 0.05, as src/data/plan.ts marks them.
 */
import { normalPpf } from '../distributions.js';
import { holmAdjust, summarizeInteraction } from '../fairness/swaps.js';
import { mulberry32, type Rng } from '../random.js';

export interface SwapInteractionDesign {
  name: string;
  I: number;
  J: number;
  /** Source texts per cell, row-major (a * J + b). */
  texts: number[];
  noiseSd: number;
  /** γ per cell (probability scale), row-major; missing: none. */
  gamma?: number[];
  /** Per text, with probability `share`, the both-swapped text moves by `up`, else by `down` (mean 0 when share·up = (share − 1)·down). */
  mixed?: { share: number; up: number; down: number };
}

const gauss = (rng: Rng) => normalPpf((rng.nextUint32() + 0.5) / 4294967296);
const expit = (x: number) => 1 / (1 + Math.exp(-x));

interface Pair {
  a: number;
  b: number;
  a2: number;
  b2: number;
  truth: number;
  values: number[];
}

export function simulateSwapInteraction(design: SwapInteractionDesign, seed: number): Pair[] {
  const rng = mulberry32(seed);
  const { I, J } = design;
  const alpha = Array.from({ length: I }, (_, a) => 0.04 * (a - (I - 1) / 2));
  const beta = Array.from({ length: J }, (_, b) => 0.03 * (b - (J - 1) / 2));
  const gamma = (a: number, b: number) => design.gamma?.[a * J + b] ?? 0;
  const pairs: Pair[] = [];
  for (let a = 0; a < I; a++) {
    for (let b = 0; b < J; b++) {
      for (let a2 = 0; a2 < I; a2++) {
        for (let b2 = 0; b2 < J; b2++) {
          if (a2 === a || b2 === b) continue;
          pairs.push({ a, b, a2, b2, truth: gamma(a2, b2) - gamma(a2, b) - gamma(a, b2) + gamma(a, b), values: [] });
        }
      }
    }
  }
  for (const pair of pairs) {
    const { a, b, a2, b2 } = pair;
    for (let i = 0; i < design.texts[a * J + b]; i++) {
      const x = gauss(rng);
      const s = (p: number, q: number) => 0.1 + 0.8 * expit(x + design.noiseSd * gauss(rng)) + alpha[p] + beta[q] + gamma(p, q);
      const m = design.mixed;
      const kappa = m ? (rng.next() < m.share ? m.up : m.down) : 0;
      pair.values.push(s(a2, b2) + kappa - s(a2, b) - s(a, b2) + s(a, b));
    }
  }
  return pairs;
}

export interface SwapInteractionCalibration {
  design: string;
  simulations: number;
  pairs: number;
  /** Null pairs (true mean 0) marked / runs with some null pair marked (Holm over the run's pairs). */
  perPairFpr: number;
  familyWise: number;
  /** Share of pairs whose t interval holds the true mean. */
  coverage: number;
  /** Non-null pairs marked with the right sign (NaN: none). */
  power: number;
  /** Pairs marked (Holm) whose own 95% interval holds 0: the mark and the interval contradict each other. */
  disagree: number;
  seconds: number;
}

export function calibrateSwapInteraction(design: SwapInteractionDesign, options: { simulations: number; seed?: number }):
  SwapInteractionCalibration {
  const started = performance.now();
  const N = options.simulations;
  let nullPairs = 0;
  let nullMarked = 0;
  let anyNull = 0;
  let intervals = 0;
  let covered = 0;
  let effects = 0;
  let found = 0;
  let disagree = 0;
  let pairsPerRun = 0;
  for (let k = 0; k < N; k++) {
    const pairs = simulateSwapInteraction(design, (options.seed ?? 26) * 100_003 + k);
    pairsPerRun = pairs.length;
    const summaries = pairs.map((p) => summarizeInteraction(p.values));
    const marked = holmAdjust(summaries.map((s) => s.p)).map((q) => q !== null && q < 0.05);
    let some = false;
    pairs.forEach((p, i) => {
      const [lo, hi] = summaries[i].mean.ci;
      if (lo !== null && hi !== null) {
        intervals++;
        if (lo <= p.truth && p.truth <= hi) covered++;
        if (marked[i] && lo <= 0 && 0 <= hi) disagree++;
      }
      if (Math.abs(p.truth) < 1e-12) {
        nullPairs++;
        if (marked[i]) {
          nullMarked++;
          some = true;
        }
      } else {
        effects++;
        if (marked[i] && Math.sign(summaries[i].mean.value!) === Math.sign(p.truth)) found++;
      }
    });
    if (some) anyNull++;
  }
  return {
    design: design.name, simulations: N, pairs: pairsPerRun,
    perPairFpr: nullPairs > 0 ? nullMarked / nullPairs : NaN,
    familyWise: nullPairs > 0 ? anyNull / N : NaN,
    coverage: covered / intervals,
    power: effects > 0 ? found / effects : NaN,
    disagree: disagree / intervals,
    seconds: (performance.now() - started) / 1000,
  };
}

/** 3 x 2 axes (A three groups, B two); cells of 40 source texts unless said otherwise. */
export const SWAP_INTERACTION_DESIGNS: SwapInteractionDesign[] = [
  // No interaction: the swaps add up on the probability scale.
  { name: 'swap_ix_null', I: 3, J: 2, texts: Array<number>(6).fill(40), noiseSd: 0.3 },
  // No interaction, few and unequal texts per cell (3 to 60).
  { name: 'swap_ix_null_unequal', I: 3, J: 2, texts: [3, 8, 60, 15, 5, 30], noiseSd: 0.3 },
  // Mean interaction 0, but skewed: a tenth of the texts move +0.18 when both are swapped, the rest −0.02 (0.018 − 0.018).
  { name: 'swap_ix_null_skewed', I: 3, J: 2, texts: Array<number>(6).fill(40), noiseSd: 0.3, mixed: { share: 0.1, up: 0.18, down: -0.02 } },
  // Mean 0, rare and strong: one text in 20 moves +0.38, the rest −0.02 (the stress case; docs/statistics.md states it).
  { name: 'swap_ix_null_rare', I: 3, J: 2, texts: Array<number>(6).fill(40), noiseSd: 0.3, mixed: { share: 0.05, up: 0.38, down: -0.02 } },
  // One cell (A2, B1) 0.06 lower than the two swaps predict: the 8 pairs that touch it have a true mean of ±0.06.
  { name: 'swap_ix_planted', I: 3, J: 2, texts: Array<number>(6).fill(40), noiseSd: 0.3, gamma: [0, 0, 0, 0, 0, -0.06] },
];
