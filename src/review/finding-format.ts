/** Numbers of the findings (findings.ts, findings-intersection.ts): percentage points (util/format.ts) and the ranking bound. */
export { points, signedPoints } from '../util/format.js';

/** |bound of the interval nearest 0|, 0 when it contains 0: the findings' ranking key. */
export function nearestBound(ci: [number, number]): number {
  if (ci[0] > 0) return ci[0];
  if (ci[1] < 0) return -ci[1];
  return 0;
}
