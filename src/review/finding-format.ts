/** Numbers of the findings (findings.ts, findings-intersection.ts): percentage points and the ranking bound. */

/** |bound of the interval nearest 0|, 0 when it contains 0: the findings' ranking key. */
export function nearestBound(ci: [number, number]): number {
  if (ci[0] > 0) return ci[0];
  if (ci[1] < 0) return -ci[1];
  return 0;
}

/** Percentage points, no sign: "47 points"; under one point with one decimal. */
export function points(x: number): string {
  const p = Math.abs(x) * 100;
  return `${p < 1 ? p.toFixed(1) : p.toFixed(0)} points`;
}

export function signedPoints(x: number): string {
  const p = x * 100;
  return `${p > 0 ? '+' : p < 0 ? '\u2212' : ''}${Math.abs(p) < 1 ? Math.abs(p).toFixed(1) : Math.abs(p).toFixed(0)}`;
}
