/** Number formatting for every page (report, suite sections, diff) and text (summaries): one place decides the digits. */

/**
 * Scores are probabilities: three decimals separate groups without false precision. A negative value (a difference,
 * an interval's bound) gets the real minus sign "−", as `signed` gives the effects, never "−0.000".
 */
export function score(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return '–';
  const s = x.toFixed(digits);
  if (!s.startsWith('-')) return s;
  return Number(s) === 0 ? s.slice(1) : `\u2212${s.slice(1)}`;
}

/** A signed difference, e.g. "+0.042" or "−0.120" (with a real minus sign). */
export function signed(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return '–';
  const s = score(Math.abs(x), digits);
  if (Number(s) === 0) return s;
  return (x < 0 ? '\u2212' : '+') + s;
}

export function interval(ci: [number, number], digits = 3): string {
  return `${score(ci[0], digits)} to ${score(ci[1], digits)}`;
}

export function pValue(p: number): string {
  if (!Number.isFinite(p)) return '–';
  if (p < 0.001) return '< 0.001';
  return p.toFixed(3);
}

/** Ranks are integers in the stats, but bootstrap bounds may be fractional. */
export function rank(r: number): string {
  return Number.isFinite(r) ? String(Math.round(r)) : '–';
}

export function rankInterval(ci: [number, number]): string {
  return `${rank(ci[0])}–${rank(ci[1])}`;
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** A plain decimal, "0.18" or "−0.42" (a real minus sign, like `signed`; never "−0.00"); "–" when not finite. */
export function decimal(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return '–';
  const s = x.toFixed(digits);
  return Number(s) === 0 ? s.replace('-', '') : s.replace('-', '\u2212');
}

/** A share as a percentage with one decimal, "54.2%"; "–" when not finite. */
export function percent(x: number): string {
  return Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '–';
}

/** Percentage points, no sign: "47 points"; under one point with one decimal (the findings' and grid sentences' unit). */
export function points(x: number): string {
  const p = Math.abs(x) * 100;
  const text = p < 1 ? p.toFixed(1) : p.toFixed(0);
  return `${text} ${text === '1' ? 'point' : 'points'}`;
}

/** Signed percentage points without the unit: "+4", "\u22126.5" (a real minus sign). */
export function signedPoints(x: number): string {
  const p = x * 100;
  return `${p > 0 ? '+' : p < 0 ? '\u2212' : ''}${Math.abs(p) < 1 ? Math.abs(p).toFixed(1) : Math.abs(p).toFixed(0)}`;
}
