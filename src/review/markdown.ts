/** A check outcome as a Markdown summary for a pull-request comment: verdict, then a table of rules. */
import { num, signedNum, type CheckOutcome, type RuleOutcome } from './check.js';
import { md } from './escape.js';

const STATUS: Record<RuleOutcome['status'], string> = { pass: '\u2705 pass', fail: '\u274c fail', skipped: '\u23ed\ufe0f skipped' };

export function checkMarkdown(outcome: CheckOutcome): string {
  const failed = outcome.rules.filter((r) => r.status === 'fail').length;
  const subject = outcome.subject.probe ?? outcome.subject.suite ?? outcome.subject.data ?? 'run';
  const verdict = outcome.passed
    ? `**Passed**: ${outcome.rules.length - countSkipped(outcome)} of ${outcome.rules.length} rules pass`
    : `**Failed**: ${failed} of ${outcome.rules.length} rules fail`;
  const lines = [
    `### Bias check: ${md(subject)}`,
    '',
    `${verdict} (policy ${md(outcome.policy)}; model ${md(outcome.subject.model)}).`,
    '',
    '| Rule | Status | Value (95% CI) | Compared | Threshold |',
    '|---|---|---|---|---|',
    ...outcome.rules.map(row),
  ];
  if (outcome.extremes) {
    const { lowest, highest } = outcome.extremes;
    lines.push('', `Group means range from ${num(lowest.mean)} (${md(lowest.key)}) to ${num(highest.mean)} (${md(highest.key)}).`);
  }
  if (outcome.baseline) lines.push('', `Baseline: ${md(outcome.baseline.model)} (run of ${md(outcome.baseline.created_at)}).`);
  if (outcome.warnings.length > 0) lines.push('', ...outcome.warnings.map((w) => `- ${md(w)}`));
  lines.push('', 'A `max` rule fails only when the lower bound of the 95% interval is above it (a `min` rule: the upper bound below it), unless the rule sets `on`.', '');
  return lines.join('\n');
}

function row(r: RuleOutcome): string {
  const value = r.estimate
    ? `${r.kind === 'max_increase' ? signedNum(r.estimate.value) : num(r.estimate.value)} (${num(r.estimate.ci[0])} to ${num(r.estimate.ci[1])})`
    : '\u2013';
  const compared = r.compared === null ? '\u2013' : `${r.on === 'value' ? 'value' : `${r.on} bound`} ${num(r.compared)}`;
  const name = r.kind === 'max_increase' ? `${r.metric} change since baseline` : r.metric;
  const selector = r.selector === '*' ? '' : ` (${r.selector})`;
  const status = r.status === 'skipped' ? `${STATUS.skipped}: ${r.message}` : STATUS[r.status];
  return `| ${md(name + selector)} | ${md(status)} | ${value} | ${compared} | ${md(r.kind)} ${r.threshold} |`;
}

function countSkipped(outcome: CheckOutcome): number {
  return outcome.rules.filter((r) => r.status === 'skipped').length;
}
