/**
 * The swap interaction of two crossed axes (`--intersect A,B`, both detected axes that are swapped): for a text that
 * mentions one level of each, and each pair of swaps (gA -> hA, gB -> hB), three counterfactuals with the same
 * replacement terms: A swapped, B swapped, both swapped. The interaction of the text is
 * change(both) − change(A only) − change(B only) = s(both) − s(A) − s(B) + s(original): 0 when the two swaps add up.
 * The both-swapped text is the A-swapped text with B's mentions (found again in it) swapped by the same seeded choice
 * as the B-only text.
 */
import { mulberry32 } from '../stats/index.js';
import type { Axis, AxisName } from './axes.js';
import type { Detector } from './detect.js';
import { counterfactualsOf } from './swap.js';
import type { Mention } from './types.js';

export interface CrossedSwap {
  source: number;
  a: { from: string; to: string };
  b: { from: string; to: string };
  texts: { a: string; b: string; both: string };
}

export function crossedSwaps(
  texts: string[],
  mentionsOf: Mention[][],
  names: [AxisName, AxisName],
  axes: Map<AxisName, Axis>,
  targets: Map<AxisName, string[]>,
  find: Detector,
  seed: number,
): CrossedSwap[] {
  const out: CrossedSwap[] = [];
  const once = { samples: 1, groups: Infinity };
  texts.forEach((text, i) => {
    const [msA, msB] = names.map((n) => mentionsOf[i].filter((m) => m.axis === n));
    const gA = [...new Set(msA.map((m) => m.group))];
    const gB = [...new Set(msB.map((m) => m.group))];
    if (gA.length !== 1 || gB.length !== 1) return;
    for (const hA of targets.get(names[0]) ?? []) {
      if (hA === gA[0]) continue;
      const rngA = () => mulberry32(seed ^ (i * 7919 + 1));
      const [swapA] = counterfactualsOf(text, i, msA, axes, new Map([[names[0], [hA]]]), once, rngA());
      if (!swapA) continue;
      const inA = find(swapA.text).filter((m) => m.axis === names[1] && !m.ambiguous);
      for (const hB of targets.get(names[1]) ?? []) {
        if (hB === gB[0]) continue;
        const rngB = () => mulberry32(seed ^ (i * 7919 + 2));
        const [swapB] = counterfactualsOf(text, i, msB, axes, new Map([[names[1], [hB]]]), once, rngB());
        const [both] = counterfactualsOf(swapA.text, i, inA, axes, new Map([[names[1], [hB]]]), once, rngB());
        if (!swapB || !both) continue;
        out.push({
          source: i, a: { from: gA[0], to: hA }, b: { from: gB[0], to: hB }, texts: { a: swapA.text, b: swapB.text, both: both.text },
        });
      }
    }
  });
  return out;
}
