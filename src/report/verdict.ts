/**
 * The report's first screen: the verdict of check.json (status word and colour, the rules in one compact table,
 * the ranked findings). check.json crosses a file boundary, so its shape is checked here before use; a report
 * without one (or with one that does not parse) says that no policy was applied. Pure: the file is read in write.ts.
 */
import { isCheckFile } from '../result/index.js';

const STATUS_TEXT: Record<string, { word: string; tone: string; meaning: string }> = {
  pass: { word: 'Pass', tone: 'pass', meaning: 'Every rule that applies is shown to be within its margin' },
  fail: { word: 'Fail', tone: 'fail', meaning: 'At least one rule is shown to be beyond its margin' },
  inconclusive: { word: 'Inconclusive', tone: 'inconclusive', meaning: 'Nothing is shown to be beyond a margin, but this run cannot show ' +
    'every rule within it' },
  no_rules: { word: 'No rule applies', tone: 'none', meaning: 'The policy has no rule for this kind of run: nothing was tested' },
};

const RULE_WORD: Record<string, string> = { pass: 'pass', fail: 'fail', inconclusive: 'inconclusive', not_applicable: 'not applicable' };

export interface VerdictView {
  word: string;
  tone: string;
  meaning: string;
  counts: string;
  policy: string;
  checkedAt: string;
  strict: boolean;
  rules: { name: string; status: string; tone: string; value: string; margin: string; why: string }[];
  notApplicable: number;
  oneNotApplicable: boolean;
  findings: { severity: string; sentence: string }[];
  scale: string | null;
  margin: string;
}

/** check.json as read (unknown) -> the view, or null when there is none or it is not a check file. */
export function verdictView(check: unknown): VerdictView | null {
  if (!isCheckFile(check)) return null;
  const status = STATUS_TEXT[check.status] ?? STATUS_TEXT.inconclusive;
  const c = check.counts;
  const applicable = check.rules.filter((r) => r.status !== 'not_applicable');
  return {
    ...status,
    counts: `${c.fail} ${c.fail === 1 ? 'fails' : 'fail'}, ${c.inconclusive} ` +
      `inconclusive, ${c.pass} ${c.pass === 1 ? 'passes' : 'pass'}, ${c.not_applicable} not applicable`,
    policy: `${check.policy.name} (version ${check.policy.version}, ${check.policy.file}, ` +
      `sha256 ${String(check.policy.sha256).slice(0, 12)})`,
    checkedAt: check.checked_at,
    strict: check.strict === true,
    rules: applicable.map((r) => ({
      // A per-part rule (a HolisticBias axis, a data table's measure) is one row per part: the part names it.
      name: `${r.metric}${r.part ? `[${r.part}]` : ''}${r.kind === 'max_increase' ? ' change since baseline' : ''}`,
      status: RULE_WORD[r.status] ?? r.status,
      tone: r.status,
      value: r.value === null || r.ci === null ? '\u2013' : `${fixed(r.value)} (${fixed(r.ci[0])} to ${fixed(r.ci[1])})`,
      margin: `${r.kind} ${r.threshold}`,
      why: whyOf(r.part && r.message.startsWith(`${r.part}: `) ? r.message.slice(r.part.length + 2) : r.message),
    })),
    notApplicable: c.not_applicable,
    oneNotApplicable: c.not_applicable === 1,
    findings: check.findings.map((f) => ({ severity: f.severity, sentence: f.sentence })),
    scale: typeof check.scale === 'string' ? check.scale : null,
    margin: check.findings.length === 0 ? 'No findings: no effect reaches the policy\u2019s margin.' : '',
  };
}

/** The message after "<metric> = <value> (<interval>): ", which the row's other cells already show. */
function whyOf(message: string): string {
  return message.slice(message.indexOf(': ') + 2);
}

function fixed(x: number): string {
  return Number.isFinite(x) ? x.toFixed(3) : String(x);
}
