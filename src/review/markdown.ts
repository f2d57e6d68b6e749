/** A check outcome as a Markdown summary for a pull-request comment: verdict and counts, then a table of rules. */
import { countsText, num, signedNum, type CheckOutcome, type CheckStatus, type RuleOutcome } from './check.js';
import { md } from './escape.js';
import type { Findings } from './findings.js';
import type { CheckFile } from './check-json.js';

const STATUS: Record<RuleOutcome['status'], string> = {
  pass: '\u2705 pass', fail: '\u274c fail', inconclusive: '\u2754 inconclusive', not_applicable: '\u2013 not applicable',
};

/** The verdict in one word, as the report header, the terminal and the markdown say it. */
export const VERDICT_WORD: Record<CheckStatus, string> = {
  pass: 'Pass', fail: 'Fail', inconclusive: 'Inconclusive', no_rules: 'No rule applies',
};

/** "Fail: 1 fails, 2 inconclusive, 1 passes, 2 not applicable" (strict: "inconclusive counts as a failure"). */
export function verdictLine(outcome: CheckOutcome): string {
  const strict = outcome.strict && outcome.counts.inconclusive > 0 ? '; strict: inconclusive rules fail the check' : '';
  return `${VERDICT_WORD[outcome.status]}: ${countsText(outcome.counts)}${strict}`;
}

/** The findings as markdown lines (the check summary and `audit export --format md` open with them). */
export function findingsMarkdown(findings: Findings, limit = findings.findings.length): string[] {
  if (findings.findings.length === 0) {
    return [`No findings: no effect reaches the margin of ${(findings.margin * 100).toFixed(0)} points.`, ...(findings.scale ? ['', md(findings.scale)] : [])];
  }
  return [
    ...findings.findings.slice(0, limit).map((f, i) => `${i + 1}. **${f.severity}**: ${md(f.sentence)}`),
    ...(findings.scale ? ['', md(findings.scale)] : []),
  ];
}

export function checkMarkdown(outcome: CheckOutcome, findings?: Findings): string {
  const subject = outcome.subject.probe ?? outcome.subject.suite ?? outcome.subject.data ?? 'run';
  const [word, rest] = splitVerdict(verdictLine(outcome));
  const lines = [
    `### Bias check: ${md(subject)}`,
    '',
    `**${word}**: ${md(rest)} (policy ${md(outcome.policy)} version ${outcome.policy_version}; model ${md(outcome.subject.model)}).`,
    '',
    '| Rule | Status | Value (95% CI) | Margin | Why |',
    '|---|---|---|---|---|',
    ...outcome.rules.map(row),
  ];
  if (findings) lines.push('', '#### Findings', '', ...findingsMarkdown(findings));
  if (outcome.extremes) {
    const { lowest, highest } = outcome.extremes;
    lines.push('', `Group means range from ${num(lowest.mean)} (${md(lowest.key)}) to ${num(highest.mean)} (${md(highest.key)}).`);
  }
  if (outcome.baseline) lines.push('', `Baseline: ${md(outcome.baseline.model)} (run of ${md(outcome.baseline.created_at)}).`);
  if (outcome.warnings.length > 0) lines.push('', ...outcome.warnings.map((w) => `- ${md(w)}`));
  lines.push('', readingNote(outcome), '');
  return lines.join('\n');
}

function splitVerdict(line: string): [string, string] {
  const at = line.indexOf(': ');
  return [line.slice(0, at), line.slice(at + 2)];
}

function readingNote(outcome: CheckOutcome): string {
  if (outcome.policy_version === 1) {
    return 'Version 1 policy: a `max` rule fails only when the lower bound of the 95% interval is above it (a `min` rule: the upper bound below it); '
      + 'a pass may only mean the run could not tell. Set `version: 2` for pass / fail / inconclusive.';
  }
  return 'A margin passes when the whole 95% interval is on its safe side, fails when the whole interval is beyond it, and is inconclusive '
    + 'when the interval contains it (the run cannot tell); rules with `on: value` compare the point estimate.';
}

function row(r: RuleOutcome): string {
  const value = r.estimate
    ? `${r.kind === 'max_increase' ? signedNum(r.estimate.value) : num(r.estimate.value)} (${num(r.estimate.ci[0])} to ${num(r.estimate.ci[1])})`
    : '\u2013';
  const name = r.kind === 'max_increase' ? `${r.metric} change since baseline` : r.metric;
  const selector = r.selector === '*' ? '' : ` (${r.selector})`;
  const why = r.message.slice(r.message.indexOf(': ') + 2);
  return `| ${md(name + selector)} | ${STATUS[r.status]} | ${value} | ${md(r.kind)} ${r.threshold} | ${md(why)} |`;
}

/**
 * The opening of `audit export --format md` when the run has a check.json: the verdict line with its policy, then
 * the findings (the model card's reader sees the decision first, as in the report).
 */
export function verdictMarkdown(check: CheckFile): string {
  const words: Record<string, string> = VERDICT_WORD;
  const c = check.counts;
  const counts = countsText(c);
  const lines = [
    '## Verdict', '',
    `**${words[check.status] ?? check.status}**: ${md(counts)} (policy ${md(check.policy.name)} version ${check.policy.version}, checked ${md(check.checked_at)}).`,
    '',
  ];
  const findings = { margin: check.finding_margin, findings: check.findings, scale: check.scale };
  lines.push(...findingsMarkdown(findings), '', '');
  return lines.join('\n');
}
