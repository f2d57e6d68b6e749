/**
 * Scores of a simulated unbiased classifier on a probe's own sentences, under the calibration designs' variance
 * components (issue 22 item 4): the model `simulate` draws from (index.ts), laid over the probe's real templates,
 * paraphrase families, fillers and crossed slots instead of a synthetic layout. No group has a shift, so the
 * analysis of these scores gives the minimum detectable effect the probe's design reaches.
 */
import type { ResultRecord } from '../../result/index.js';
import { gaussian, stream } from '../probe/streams.js';
import { CALIBRATION_COMPONENTS } from './index.js';

export type UnscoredRecord = Pick<ResultRecord, 'template_id' | 'paraphrase_of' | 'slots' | 'control' | 'group' | 'filler'>;

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * One score per record: sigmoid(template_t + filler_f + Σ crossed values + noise), the noise correlated
 * `familyCorr` within a paraphrase family. Names get their own effect only where a group has several fillers.
 */
export function simulatedScores(records: UnscoredRecord[], seed: number, components = CALIBRATION_COMPONENTS): number[] {
  const rng = stream(seed, 'simulate:probe');
  const draws = new Map<string, number>();
  const draw = (key: string, sd: number) => {
    let v = draws.get(key);
    if (v === undefined) {
      v = sd * gaussian(rng);
      draws.set(key, v);
    }
    return v;
  };
  const fillersOf = new Map<string, Set<string>>();
  for (const r of records) if (!r.control) fillersOf.set(r.group, (fillersOf.get(r.group) ?? new Set()).add(r.filler));
  const named = [...fillersOf.values()].some((s) => s.size > 1);
  const rho = components.familyCorr;
  return records.map((r) => {
    // The attribute's slot holds the filler (multi-slot attributes too); the other slots are crossed with it.
    const others = Object.keys(r.slots).filter((s) => r.slots[s].value !== r.filler).sort();
    const crossed = others.reduce((a, s) => a + draw(`slot:${s}=${r.slots[s].value}`, components.crossedSd), 0);
    const cell = `${r.filler}|${others.map((s) => r.slots[s].value).join('|')}`;
    const root = r.paraphrase_of ?? r.template_id;
    const shared = draw(`family:${root}|${cell}`, 1);
    const own = draw(`cell:${r.template_id}|${cell}`, 1);
    const noise = components.noiseSd * (Math.sqrt(rho) * shared + Math.sqrt(1 - rho) * own);
    const filler = named || r.control ? draw(`filler:${r.filler}`, components.fillerSd) : 0;
    return sigmoid(draw(`template:${r.template_id}`, components.templateSd) + filler + crossed + noise);
  });
}
