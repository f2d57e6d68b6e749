/** A check outcome as JUnit XML: one testsuite per check, one testcase per rule (CI systems render these natively). */
import type { CheckOutcome } from './check.js';
import { xml } from './escape.js';

export function checkJunit(outcome: CheckOutcome): string {
  const failures = outcome.rules.filter((r) => r.status === 'fail').length;
  const skipped = outcome.rules.filter((r) => r.status === 'skipped').length;
  const subject = outcome.subject.probe ?? outcome.subject.suite ?? outcome.subject.data ?? 'run';
  const suite = `bias-audit check: ${subject} (policy ${outcome.policy})`;
  const cases = outcome.rules.map((r) => {
    const open = `    <testcase classname="${xml(`bias-audit.${subject}`)}" name="${xml(`${r.metric} ${r.kind} ${r.threshold} (${r.selector})`)}" time="0"`;
    if (r.status === 'pass') return `${open}/>`;
    const body = r.status === 'fail'
      ? `      <failure message="${xml(r.message)}" type="${xml(r.kind)}">${xml(r.message)}</failure>`
      : `      <skipped message="${xml(r.message)}"/>`;
    return `${open}>\n${body}\n    </testcase>`;
  });
  const props = [
    ['policy', outcome.policy],
    ['model', outcome.subject.model],
    ['fingerprint', outcome.subject.fingerprint],
    ...(outcome.baseline ? [['baseline_fingerprint', outcome.baseline.fingerprint]] : []),
  ].map(([k, v]) => `      <property name="${xml(k)}" value="${xml(v)}"/>`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="bias-audit check" tests="${outcome.rules.length}" failures="${failures}" errors="0" skipped="${skipped}">`,
    `  <testsuite name="${xml(suite)}" tests="${outcome.rules.length}" failures="${failures}" errors="0" skipped="${skipped}">`,
    '    <properties>',
    ...props,
    '    </properties>',
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
