/**
 * Findings of data runs (`audit run --data`): subgroup rate gaps (labelled data) and identity swaps, ranked like
 * every finding by the bound of the simultaneous interval nearest 0 against the policy's margin. Pure.
 *
 *   subgroup gaps  a judged subgroup's FPR or TPR minus the other texts', on its Šidák-simultaneous interval over the
 *                  judged subgroups (`sim_gaps`, the intervals behind the fpr_gap rule); margin: the fpr_gap rule's.
 *   swap pairs     the mean score change of replacing one group's terms with another's, on its interval made
 *                  simultaneous over every pair of the run (`sim_ci`); margin: the ctf_gap rule's.
 */
import type { DataResult, Finding } from '../result/index.js';
import { nearestBound, points, rank, severityOf, signedPoints } from './finding-parts.js';

export interface DataMargins {
  /** For subgroup gaps (the policy's fpr_gap margin). */
  gap: number;
  /** For swap pairs (the policy's ctf_gap margin). */
  swap: number;
}

type Bounds = [number | null, number | null];

const finiteCi = (ci: Bounds | undefined): ci is [number, number] =>
  Array.isArray(ci) && typeof ci[0] === 'number' && typeof ci[1] === 'number' && Number.isFinite(ci[0]) && Number.isFinite(ci[1]);

const percent = (x: number) => `${(100 * x).toFixed(x < 0.1 ? 1 : 0)}%`;
const count = (n: number) => n.toLocaleString('en-US');

/** "gender:female" (a mention) -> texts mentioning “female” (gender); a column's subgroup -> texts in “dialect: aae”. */
function subgroupWords(name: string, source: 'mention' | 'column'): string {
  const at = name.indexOf(':');
  if (source === 'mention' && at > 0) {
    return `texts mentioning \u201c${name.slice(at + 1).replaceAll('_', ' ')}\u201d (${name.slice(0, at)})`;
  }
  return `texts in \u201c${name.replaceAll('_', ' ').replace(/:(?=\S)/g, ': ')}\u201d`;
}

const RATES = {
  fpr_gap: { rate: 'fpr', words: 'false positive rate', of: 'negatives' },
  tpr_gap: { rate: 'tpr', words: 'true positive rate', of: 'positives' },
} as const;

function gapFindings(result: DataResult, margin: number): Finding[] {
  const groups = result.data.groups;
  if (!groups) return [];
  const out: Finding[] = [];
  for (const s of groups.subgroups) {
    for (const field of ['fpr_gap', 'tpr_gap'] as const) {
      const ci = s.sim_gaps?.[field];
      const value = s[field].value;
      if (!finiteCi(ci) || value === null) continue;
      const severity = severityOf(value, ci, margin);
      if (!severity) continue;
      const { rate, words } = RATES[field];
      const own = s[rate].value;
      const background = s.background[rate];
      const side = value > 0 ? 'higher' : 'lower';
      const rates = own !== null && background !== null ? `${percent(own)} vs ${percent(background)}; ` : '';
      const who = subgroupWords(s.subgroup, s.source);
      const sentence = `${who[0].toUpperCase()}${who.slice(1)}: ${words} ${points(value)} ${side} than the other texts\u2019 ` +
        `(${rates}95% simultaneous CI ${signedPoints(ci[0])} to ${signedPoints(ci[1])} points; ${count(s.n)} texts, ` +
        `${count(s.positives)} positive and ${count(s.negatives ?? s.n - s.positives)} negative, beside ` +
        `${count(groups.overall.n - s.n)} others).`;
      out.push({ severity, subject: `${s.subgroup}: ${field}`, value, ci, nearest: nearestBound(ci), sentence });
    }
  }
  return out;
}

function swapFindings(result: DataResult, margin: number): Finding[] {
  const out: Finding[] = [];
  for (const axis of result.data.swaps?.axes ?? []) {
    for (const p of axis.pairs) {
      const value = p.mean_change.value;
      if (!finiteCi(p.sim_ci) || value === null) continue;
      const ci = p.sim_ci;
      const severity = severityOf(value, ci, margin);
      if (!severity) continue;
      const e = p.example;
      const example = e ? { a: { text: e.original, score: e.original_score }, b: { text: e.counterfactual, score: e.counterfactual_score } }
        : undefined;
      const pair = example
        ? `; e.g. \u201c${example.a.text}\u201d ${example.a.score.toFixed(2)} \u2192 ` +
          `\u201c${example.b.text}\u201d ${example.b.score.toFixed(2)}`
        : '';
      const sentence = `Replacing ${p.from.replaceAll('_', ' ')} terms with ${p.to.replaceAll('_', ' ')} terms (${axis.axis}) ` +
        `${value > 0 ? 'raises' : 'lowers'} the score by ${points(value)} on average (95% simultaneous CI ${signedPoints(ci[0])} to ` +
        `${signedPoints(ci[1])} points; ${count(p.sources)} source texts, ${count(p.counterfactuals)} swapped texts)${pair}.`;
      out.push({ severity, subject: `${axis.axis}: ${p.from} \u2192 ${p.to}`, value, ci, nearest: nearestBound(ci), sentence,
        ...(example ? { example } : {}) });
    }
  }
  return out;
}

/** Both kinds together, ranked by their nearest bound (each against its own margin's scale: both are probability points). */
export function dataFindings(result: DataResult, margins: DataMargins): Finding[] {
  return rank([...gapFindings(result, margins.gap), ...swapFindings(result, margins.swap)]);
}
