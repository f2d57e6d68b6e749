/**
 * review.html from review.json and decisions.jsonl (pure given both): the same Handlebars kit and stylesheet as the
 * reports; every text from the plan, probes, datasets or reviewers is escaped by Handlebars ({{ }}), none is markup.
 */
import { asset, template } from '../report/index.js';
import type { DecisionEntry } from './decisions.js';
import type { Review } from './review-schema.js';

const STATUS_CLASS: Record<string, string> = { pass: 'pass', fail: 'fail', inconclusive: 'inconclusive' };

const fmt = (v: number | null) => (v === null ? '–' : Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(3));

export function renderReview(review: Review, decisions: DecisionEntry[]): string {
  const latest = decisions.at(-1) ?? null;
  return template('review.hbs', { strict: false })({
    css: asset('report.css'),
    title: `Review: ${review.plan.system.name}`,
    review,
    fileClass: review.filing.fileable ? 'pass' : 'fail',
    runs: review.runs.map((r) => ({
      ...r,
      statusClass: STATUS_CLASS[r.verdict.status ?? ''] ?? 'none',
      statusText: r.verdict.available ? (r.verdict.status ?? 'no overall status') : 'no verdict yet',
      rules: r.verdict.rules.map((rule) => ({
        ...rule, valueText: fmt(rule.value), intervalText: rule.interval ? `${fmt(rule.interval[0])} to ${fmt(rule.interval[1])}` : '–',
        statusClass: STATUS_CLASS[rule.status] ?? 'none',
      })),
      mdeText: r.power.min_detectable_effect === null ? null : fmt(r.power.min_detectable_effect),
      shortFingerprint: r.model.fingerprint.slice(0, 12),
    })),
    notRun: review.plan.runs.filter((r) => !r.run),
    decision: latest && {
      ...latest,
      decisionClass: latest.decision === 'reject' ? 'fail' : latest.decision === 'approve' ? 'pass' : 'inconclusive',
      signed: latest.signature !== undefined,
    },
    history: decisions.slice(0, -1).reverse(),
  });
}
