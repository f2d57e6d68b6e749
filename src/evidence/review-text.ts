/** The review's words: limitations in plain language, and what each requirement asks with the evidence for it. Pure. */
import type { Plan } from './plan.js';
import type { Review, ReviewRun } from './review-schema.js';

export function limitationsOf(plan: Plan, runs: ReviewRun[]): string[] {
  const out = [
    'Template-based measurement: probe and suite sentences are short, artificial sentences in which only the group word changes. '
      + 'They show how the model\'s score moves with that word, not how the system treats real people\'s texts.',
    `English only: every built-in probe, suite and lexicon is English; the plan's deployment language is "${plan.deployment.language}". `
      + 'Results do not carry over to other languages.',
    'What the probes cannot show: bias carried by other words than the ones swapped (dialect, topics, names outside the lexicons), '
      + 'groups and intersections not planned, and harms outside the score (how its output is used, who sees it, who can appeal).',
    'The model is measured, not the system around it: thresholds, human review and the data it will meet in use are out of scope.',
  ];
  for (const r of runs) {
    if (r.power.min_detectable_effect !== null) {
      out.push(`Run ${r.id}: ${r.power.note} A smaller effect there is not evidence that there is none.`);
    }
    if (r.kind === 'suite') out.push(`Run ${r.id} (${r.subject}): a benchmark adapted to a classifier; it reports no minimum ` +
      `detectable effect.`);
    if (r.kind === 'data') {
      for (const note of r.test_data.notes.slice(1)) out.push(`Run ${r.id}: ${note}`);
    }
  }
  return out;
}

const SUPPORTS = 'This evidence supports a conformity assessment; it does not by itself establish conformity.';

export function requirementsOf(runs: ReviewRun[]): Review['requirements'] {
  const results = runs.map((r) => `${r.dir}/result.json`);
  const reports = runs.map((r) => `${r.dir}/report.html`);
  const checks = runs.flatMap((r) => r.files.filter((f) => /^check\./.test(f.path)).map((f) => `${r.dir}/${f.path}`));
  return [
    {
      id: 'eu-ai-act-annex-iv-2g',
      title: 'EU AI Act, Annex IV 2(g)',
      asks: 'The validation and testing procedures used, with test logs and all test reports dated and signed by the responsible persons.',
      evidence: [
        { what: 'The plan, fixed before scoring, and the lock of every input', where: ['plan.yaml', 'plan.lock.json', 'plan-history/'] },
        { what: 'Each run\'s dated results (created_at), scores and report', where: [...results, ...reports] },
        { what: 'Each run\'s policy check', where: checks.length > 0 ? checks : ['(no check files)'] },
        { what: 'The reviewer\'s dated decision, hash-chained and (with a key) signed', where: ['decisions.jsonl'] },
      ],
      note: SUPPORTS,
    },
    {
      id: 'eu-ai-act-annex-iv-3',
      title: 'EU AI Act, Annex IV 3',
      asks: 'The capabilities and limitations in performance of the system, including the degrees of accuracy for specific persons or ' +
        'groups of persons.',
      evidence: [
        { what: 'Per-group results of every run (group means, subgroup metrics, swaps)', where: reports },
        { what: 'Subgroup counts and test data description', where: ['review.json#/runs/*/test_data'] },
        { what: 'Limitations in plain words, with minimum detectable effects', where: ['review.json#/limitations'] },
        { what: 'Per-attribute summary: one signed contrast per source, with intervals and minimum detectable effects',
          where: ['review.json#/summary'] },
      ],
      note: SUPPORTS,
    },
    {
      id: 'nist-ai-rmf-measure-2-11',
      title: 'NIST AI RMF, MEASURE 2.11',
      asks: 'Fairness and bias, as identified in the MAP function, are evaluated and results are documented.',
      evidence: [
        { what: 'Attributes in scope and why', where: ['plan.yaml#attributes'] },
        { what: 'The evaluations and their results', where: results },
        { what: 'Verdicts and findings per run', where: ['review.json#/runs/*/verdict'] },
      ],
      note: SUPPORTS,
    },
    {
      id: 'iso-iec-42001-a-6-2-4',
      title: 'ISO/IEC 42001, A.6.2.4',
      asks: 'Verification and validation measures for the AI system, with criteria defined before the test.',
      evidence: [{ what: 'The plan and the policy, locked before the first run; amendments kept with their hashes', where: ['plan.yaml',
        'plan.lock.json', 'plan-history/'] }],
      note: SUPPORTS,
    },
  ];
}
