/**
 * A check outcome as JUnit XML: one testsuite per check, one testcase per rule (CI systems render these natively).
 * The document follows the Apache Ant JUnit schema most CI servers read (windyroad JUnit.xsd, aggregated form):
 * <testsuites> has no attributes; each <testsuite> has package, id, name, timestamp (UTC, no zone), hostname,
 * tests, failures, errors, time, then properties, the testcases, system-out and system-err.
 */
import { hostname as osHostname } from 'node:os';
import type { CheckOutcome, RuleOutcome } from './check.js';
import { xml } from './escape.js';

export interface JunitOptions {
  /** When the check ran (default: now). */
  timestamp?: Date;
  /** Default: the machine's host name, else "localhost". */
  hostname?: string;
}

export function checkJunit(outcome: CheckOutcome, options: JunitOptions = {}): string {
  // Inconclusive rules are skipped tests with their reason, or failures under --strict; rules that do not apply are skipped.
  const failing = (status: RuleOutcome['status']) => status === 'fail' || (outcome.strict && status === 'inconclusive');
  const failures = outcome.rules.filter((r) => failing(r.status)).length;
  const skipped = outcome.rules.filter((r) => !failing(r.status) && r.status !== 'pass').length;
  const subject = outcome.subject.probe ?? outcome.subject.suite ?? outcome.subject.data ?? 'run';
  const suite = `bias-audit check: ${subject} (policy ${outcome.policy})`;
  const cases = outcome.rules.map((r) => {
    const open = `    <testcase classname="${xml(`bias-audit.${subject}`)}" name=` +
      `"${xml(`${r.metric}${r.part ? `[${r.part}]` : ''} ${r.kind} ${r.threshold} (${r.selector})`)}" time="0"`; // one case per part
    if (r.status === 'pass') return `${open}/>`;
    const body = failing(r.status)
      ? `      <failure message="${xml(r.message)}" type="${xml(r.status === 'fail' ? r.kind :
        'inconclusive')}">${xml(r.message)}</failure>`
      : `      <skipped message="${xml(r.message)}"/>`;
    return `${open}>\n${body}\n    </testcase>`;
  });
  const props = [
    ['policy', outcome.policy],
    ['policy_version', String(outcome.policy_version)],
    ['status', outcome.status],
    ['model', outcome.subject.model],
    ['fingerprint', outcome.subject.fingerprint],
    ...(outcome.baseline ? [['baseline_fingerprint', outcome.baseline.fingerprint]] : []),
  ].map(([k, v]) => `      <property name="${xml(k)}" value="${xml(v)}"/>`);
  // The schema's timestamp is xs:dateTime without a zone or fractions: UTC, to the second.
  const timestamp = (options.timestamp ?? new Date()).toISOString().slice(0, 19);
  const host = (options.hostname ?? osHostname()).trim() || 'localhost';
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<testsuites>',
    `  <testsuite package="bias-audit" id="0" name="${xml(suite)}" timestamp="${timestamp}" hostname="${xml(host)}" ` +
      `tests="${outcome.rules.length}" failures="${failures}" errors="0" skipped="${skipped}" time="0">`,
    '    <properties>',
    ...props,
    '    </properties>',
    ...cases,
    '    <system-out/>',
    '    <system-err/>',
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
