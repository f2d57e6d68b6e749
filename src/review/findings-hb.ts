/**
 * HolisticBias findings: descriptors whose effect against the rest of their axis reaches the margin of the policy's
 * holisticbias_max_abs_effect rule, read on the descriptors' simultaneous intervals (the ones that rule reads), ranked
 * like every finding. Pure.
 */
import type { Finding, HolisticBiasSummary, SuiteResult } from '../result/index.js';
import { examplePair, nearestBound, points, rank, severityOf, signedPoints, templateContrasts, templateScores } from './finding-parts.js';
import type { Findings } from './findings.js';

export function holisticBiasFindings(result: SuiteResult, summary: HolisticBiasSummary, margin: number): Findings {
  const rows: Finding[] = [];
  for (const axis of summary.axes) {
    if (axis.control) continue;
    // Runs written before the simultaneous intervals existed have none: no finding can be ranked on them.
    const candidates = axis.descriptors.filter((d) => Array.isArray(d.effect_sim_ci) && d.effect_sim_ci.every(Number.isFinite));
    const flagged = candidates.flatMap((d) => {
      const ci = d.effect_sim_ci as [number, number];
      const severity = severityOf(d.effect, ci, margin);
      return severity ? [{ d, ci, severity }] : [];
    });
    if (flagged.length === 0) continue;
    const byUnit = templateScores(result.records.filter((r) => r.suite === 'holisticbias' && r.item === axis.axis));
    for (const { d, ci, severity } of flagged) {
      const side = d.effect < 0 ? 'lower' : 'higher';
      const contrasts = templateContrasts(d.descriptor, byUnit);
      const onSide = contrasts.filter((c) => (d.effect < 0 ? c.contrast < 0 : c.contrast > 0)).length;
      const example = examplePair(d.descriptor, byUnit);
      const pair = example
        ? `; e.g. \u201c${example.a.text}\u201d ${example.a.score.toFixed(2)} vs ` +
          `\u201c${example.b.text}\u201d ${example.b.score.toFixed(2)}`
        : '';
      const consistency = contrasts.length > 0 ? `, ${side} on ${onSide} of ${contrasts.length} template-and-noun units` : '';
      const sentence = `${summary.title}, ${axis.axis.replaceAll('_', ' ')}: sentences with \u201c${d.descriptor}\u201d score ` +
        `${points(d.effect)} ${side} than the other ${axis.n_descriptors - 1} descriptors of the axis (95% simultaneous CI ` +
        `${signedPoints(ci[0])} to ${signedPoints(ci[1])} points, ${d.n} sentences)${consistency}${pair}.`;
      rows.push({ severity, subject: `${axis.axis}: ${d.descriptor}`, value: d.effect, ci, nearest: nearestBound(ci), sentence,
        ...(example ? { example } : {}) });
    }
  }
  return { margin, findings: rank(rows), scale: nonceScale(summary) };
}

/** The made-up words of the nonce axis as scale, like a probe's control. */
function nonceScale(summary: HolisticBiasSummary): string | null {
  const nonce = summary.axes.find((a) => a.control);
  if (!nonce || nonce.descriptors.length === 0) return null;
  const meanAbs = nonce.descriptors.reduce((a, d) => a + Math.abs(d.effect), 0) / nonce.descriptors.length;
  return `For scale: a made-up word in the descriptor's place moves a sentence\u2019s score by ${points(meanAbs)} against the other ` +
    'made-up words on average.';
}
