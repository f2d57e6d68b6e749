import type { ResultRecord, SlotValue } from '../../src/result/index.js';
import { mulberry32 } from '../../src/stats/random.js';

/**
 * Records from a known generator: score(t, g) = base_t + shift_g (+ shift only on the templates `shiftOn`
 * accepts) + N(0, noise²), clipped to [0.001, 0.999]. Templates come in paraphrase families of `wordings`
 * members: template "f{i}w0" is the root and "f{i}w{k}" paraphrases it.
 */
export interface GeneratorSpec {
  families: number;
  wordings?: number;
  groups: number;
  shifts?: Record<number, number>;
  shiftOn?: (templateId: string) => boolean;
  noise?: number;
  seed?: number;
  attrs?: (g: number) => Partial<SlotValue>;
  controls?: number;
}

export function groupKey(g: number): string {
  return `G${String(g).padStart(2, '0')}`;
}

function gaussian(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

export function templateBases(spec: GeneratorSpec): Map<string, number> {
  const rng = mulberry32(spec.seed ?? 1);
  const bases = new Map<string, number>();
  for (let f = 0; f < spec.families; f++) {
    for (let w = 0; w < (spec.wordings ?? 1); w++) bases.set(`f${f}w${w}`, 0.3 + 0.4 * rng.next());
  }
  return bases;
}

export function generate(spec: GeneratorSpec): ResultRecord[] {
  const rng = mulberry32((spec.seed ?? 1) + 1000);
  const bases = templateBases(spec);
  const records: ResultRecord[] = [];
  const push = (id: string, value: string, score: number, control: boolean, attrs: Partial<SlotValue>) => {
    const s = Math.min(0.999, Math.max(0.001, score));
    const [, f, w] = /^f(\d+)w(\d+)$/.exec(id)!;
    records.push({
      text: `Template ${id} about ${value}.`,
      template: `Template ${id} about {country}.`,
      template_id: id,
      frame: 'neutral',
      paraphrase_of: w === '0' ? null : `f${f}w0`,
      slots: { country: { value, ...attrs } },
      control,
      group: value,
      filler: value,
      probs: [1 - s, s],
      score: s,
      label: s >= 0.5 ? 'POSITIVE' : 'NEGATIVE',
    });
  };
  for (const [id, base] of bases) {
    for (let g = 0; g < spec.groups; g++) {
      const shifted = spec.shiftOn ? spec.shiftOn(id) : true;
      const shift = shifted ? (spec.shifts?.[g] ?? 0) : 0;
      push(id, groupKey(g), base + shift + (spec.noise ?? 0.03) * gaussian(() => rng.next()), false, spec.attrs?.(g) ?? {});
    }
    for (let k = 0; k < (spec.controls ?? 0); k++) {
      push(id, `blick${k}`, base + (spec.noise ?? 0.03) * gaussian(() => rng.next()), true, {});
    }
  }
  return records;
}
