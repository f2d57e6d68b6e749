/** `audit export AUDIT_DIR --format md`: the review and its latest decision as Markdown (every user text escaped). Pure. */
import { markdownInline as md } from '../review/index.js';
import type { DecisionEntry } from './decisions.js';
import type { Review } from './review-schema.js';

export function reviewMarkdown(review: Review, decisions: DecisionEntry[]): string {
  const latest = decisions.at(-1);
  const lines = [`**${md(review.filing.headline)}**`, '', `## Review: ${md(review.plan.system.name)}`, ''];
  if (latest) {
    lines.push(`**Decision: ${latest.decision}** by ${md(latest.reviewer)} on ${latest.time_utc}`
      + ` (${latest.signature ? `signed, key sha256 ${latest.public_key_sha256}` : 'not signed'}; entry ${latest.entry} of ` +
        `decisions.jsonl).`, '');
    if (latest.conditions.length > 0) lines.push('Conditions:', '', ...latest.conditions.map((c, i) => `${i + 1}. ${md(c)}`), '');
    lines.push(`Rationale: ${md(latest.rationale)}`, '');
  } else {
    lines.push('No decision is recorded yet.', '');
  }
  lines.push('| Run | Kind | What | Verdict | Size | Minimum detectable effect |', '|---|---|---|---|---|---|');
  for (const r of review.runs) {
    const verdict = r.verdict.available ? (r.verdict.status ?? 'no overall status') : 'no verdict yet';
    const mde = r.power.min_detectable_effect === null ? '–' : r.power.min_detectable_effect.toFixed(3);
    lines.push(`| ${md(r.id)} | ${r.kind} | ${md(r.title)} | ${verdict} | ${r.test_data.size.n} ${r.test_data.size.unit} | ${mde} |`);
  }
  lines.push('', '### Per attribute', '', md(review.summary.note), '');
  for (const a of review.summary.attributes) {
    lines.push(`**${md(a.attribute)}** (${md(a.contrast)}):`, '', '| Source | Run | Signed contrast | 95% interval | Minimum detectable ' +
      'effect | n |',
      '|---|---|---|---|---|---|');
    for (const s of a.sources) {
      lines.push(`| ${md(s.label)} | ${md(s.run)} | ${s.value.toFixed(3)} | ${s.ci[0].toFixed(3)} to ${s.ci[1].toFixed(3)} ` +
        `| ${s.mde.toFixed(4)} | ${s.n} ${md(s.unit)} |`);
    }
    lines.push('', md(a.sentence), '');
  }
  lines.push('### Limitations', '', ...review.limitations.map((l) => `- ${md(l)}`), '');
  return `${lines.join('\n')}\n`;
}
