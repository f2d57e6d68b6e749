/**
 * `audit review DIR`: review.json from the audit directory (the locked plan, every run's result.json and check.json).
 * A function of the directory's files only (no clock), so it can be rebuilt and compared before signing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATASETS } from '../datasets/index.js';
import { inputError } from '../errors.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { hashFiles } from './files.js';
import { sha256 } from './hash.js';
import type { LockedInput } from './inputs.js';
import { LOCK_FILE, lockSha256, PLAN_COPY, readLock, type PlanLock } from './lock.js';
import { parsePlan, type Plan, type PlannedRun } from './plan.js';
import { limitationsOf, requirementsOf } from './review-text.js';
import { summaryOf } from './review-summary.js';
import type { Review, ReviewRun } from './review-schema.js';
import { readVerdict } from './verdict.js';

export const REVIEW_JSON = 'review.json';
export const REVIEW_HTML = 'review.html';
export const DECISIONS = 'decisions.jsonl';

export function buildReview(dir: string): Review {
  const lock = readLock(dir);
  if (!lock) throw inputError('E_REVIEW_MISSING', `${dir}: no ${LOCK_FILE} (an audit directory is made by audit run --plan FILE ` +
    `--out DIR)`);
  const planFile = join(dir, PLAN_COPY);
  if (!existsSync(planFile)) throw inputError('E_REVIEW_MISSING', `${planFile}: missing (the locked plan)`);
  const plan = parsePlan(readFileSync(planFile, 'utf8'), planFile);
  const runs = plan.runs.flatMap((r) => (existsSync(join(dir, 'runs', r.id, 'result.json')) ? [reviewRun(dir, r, lock)] : []));
  const reasons = filingReasons(plan, lock, runs);
  const policy = lock.inputs.find((i) => i.role === 'policy')!;
  const headline = reasons.length === 0
    ? `This review can be filed: ${runs.length} run${runs.length === 1 ? '' : 's'} of model ${lock.model.name} ` +
      `(fingerprint ${lock.model.fingerprint.slice(0, 12)}) `
      + `under plan version ${plan.version}.`
    : `This review cannot be filed: ${reasons.join('; ')}.`;
  return {
    review_version: 1,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    filing: { fileable: reasons.length === 0, headline, reasons },
    plan: {
      file: PLAN_COPY, version: plan.version, sha256: sha256(plan.text), lock_sha256: lockSha256(dir), history: lock.history,
      system: plan.system, deployment: plan.deployment, attributes: plan.attributes,
      model: { name: lock.model.name, fingerprint: lock.model.fingerprint, demo: lock.model.demo },
      policy: { name: plan.policy, sha256: policy.sha256 }, seed: plan.seed, resamples: plan.resamples,
      data_handling: {
        purpose: plan.data_handling.purpose, retention: plan.data_handling.retention, redact: plan.data_handling.redact ?? false,
      },
      runs: plan.runs.map((r) => ({ id: r.id, kind: r.kind, subject: subjectOf(r), run: runs.some((x) => x.id === r.id) })),
    },
    runs,
    summary: summaryOf(dir, runs),
    limitations: limitationsOf(plan, runs),
    requirements: requirementsOf(runs),
  };
}

function filingReasons(plan: Plan, lock: PlanLock, runs: ReviewRun[]): string[] {
  const reasons: string[] = [];
  const placeholders = placeholdersOf(plan);
  if (placeholders.length > 0) reasons.push(`the plan still has placeholders (TODO) in ${placeholders.join(', ')}`);
  if (lock.model.demo) reasons.push('the plan audits the embedded demo model, a stand-in trained by this project, not the system\'s model');
  for (const r of runs) {
    if (r.model.demo && !lock.model.demo) reasons.push(`run ${r.id} audits the embedded demo model`);
    if (!r.model.matches_plan) reasons.push(`run ${r.id} was made with model fingerprint ${r.model.fingerprint.slice(0, 12)}, not the ` +
      `plan's ${lock.model.fingerprint.slice(0, 12)}`);
    if (r.plan_version !== plan.version) reasons.push(`run ${r.id} was made under plan version ${r.plan_version ?? '(unknown)'}, ` +
      `not ${plan.version}`);
  }
  for (const r of plan.runs) if (!runs.some((x) => x.id === r.id)) reasons.push(`run ${r.id} of the plan has not been run`);
  return reasons;
}

/** Plan fields still holding the TODO text `audit plan init` writes. */
function placeholdersOf(plan: Plan): string[] {
  const fields: [string, string][] = [
    ['system.name', plan.system.name], ['system.purpose', plan.system.purpose],
    ['deployment.population', plan.deployment.population], ['deployment.language', plan.deployment.language],
    ...plan.attributes.flatMap((a, i): [string, string][] => [[`attributes.${i}.name`, a.name], [`attributes.${i}.why`, a.why]]),
    ['data_handling.purpose', plan.data_handling.purpose], ['data_handling.retention', plan.data_handling.retention],
  ];
  return fields.filter(([, v]) => /^TODO\b/.test(v)).map(([k]) => k);
}

function subjectOf(r: PlannedRun): string {
  return r.probe ?? r.suite ?? r.data!;
}

interface ResultLike {
  created_at?: unknown;
  model?: { name?: unknown; fingerprint?: unknown; demo?: unknown };
  probe?: { id?: unknown; title?: unknown } | null;
  suite?: unknown;
  counts?: { sentences?: unknown };
  records?: { group?: unknown; control?: unknown }[];
  stats?: { descriptive?: { min_detectable_effect?: unknown } } | null;
  data?: {
    file_name?: unknown; rows?: unknown; warnings?: unknown;
    groups?: { subgroups?: { subgroup?: unknown; n?: unknown }[] };
    swaps?: { counterfactuals?: unknown };
  };
}

function reviewRun(dir: string, r: PlannedRun, lock: PlanLock): ReviewRun {
  const runDir = join(dir, 'runs', r.id);
  const resultPath = join(runDir, 'result.json');
  let result: ResultLike;
  try {
    result = JSON.parse(readFileSync(resultPath, 'utf8')) as ResultLike;
  } catch (e) {
    throw inputError('E_REVIEW_MISSING', `${resultPath}: not valid JSON (${(e as Error).message})`);
  }
  const text = (v: unknown, fallback = '') => (typeof v === 'string' ? v : fallback);
  const fingerprint = text(result.model?.fingerprint, '(none)');
  const mde = result.stats?.descriptive?.min_detectable_effect;
  return {
    id: r.id,
    kind: r.kind,
    subject: subjectOf(r),
    title: text(r.kind === 'probe' ? result.probe?.title : r.kind === 'suite' ? result.suite : result.data?.file_name, subjectOf(r)),
    dir: `runs/${r.id}`,
    plan_version: lock.runs[r.id]?.plan_version ?? null,
    created_at: typeof result.created_at === 'string' ? result.created_at : null,
    model: {
      name: text(result.model?.name), fingerprint, demo: result.model?.demo === true, matches_plan: fingerprint === lock.model.fingerprint,
    },
    files: hashFiles(runDir).map((f) => ({ path: f.path, sha256: f.sha256 })),
    verdict: readVerdict(runDir),
    test_data: testData(r, result, lock.inputs.filter((i) => i.run === r.id)),
    power: typeof mde === 'number' && Number.isFinite(mde)
      ? { min_detectable_effect: mde, note: `Effects smaller than ${mde.toFixed(3)} on the probability scale are not detectable at 80% ` +
        `power (Holm over the groups).` }
      : { min_detectable_effect: null, note: 'No minimum detectable effect is computed for this kind of run.' },
  };
}

function testData(r: PlannedRun, result: ResultLike, inputs: LockedInput[]): ReviewRun['test_data'] {
  const sources = inputs.map((i) => ({ role: i.role, path: i.path, sha256: i.sha256, licence: licenceOf(i) }));
  if (r.kind === 'data') {
    const subgroups = (result.data?.groups?.subgroups ?? []).flatMap((s) =>
      typeof s.subgroup === 'string' && typeof s.n === 'number' ? [{ name: s.subgroup, n: s.n }] : []);
    const warnings = Array.isArray(result.data?.warnings) ? result.data.warnings.filter((w): w is string => typeof w === 'string') : [];
    const counterfactuals = typeof result.data?.swaps?.counterfactuals === 'number' ? result.data.swaps.counterfactuals : 0;
    return {
      sources, size: { n: typeof result.data?.rows === 'number' ? result.data.rows : 0, unit: 'texts' }, subgroups,
      notes: [`${counterfactuals} counterfactual texts (identity swaps) were scored beside them.`, ...warnings],
    };
  }
  const counts = new Map<string, number>();
  for (const rec of result.records ?? []) {
    if (rec.control === true || typeof rec.group !== 'string') continue;
    counts.set(rec.group, (counts.get(rec.group) ?? 0) + 1);
  }
  const controls = (result.records ?? []).filter((rec) => rec.control === true).length;
  return {
    sources,
    size: { n: typeof result.counts?.sentences === 'number' ? result.counts.sentences : 0, unit: 'sentences' },
    subgroups: [...counts].map(([name, n]) => ({ name, n })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    notes: controls > 0 ? [`${controls} control sentences (made-up words in place of the group) for scale.`] : [],
  };
}

function licenceOf(input: LockedInput): string {
  if (input.path.startsWith('datasets:')) {
    const rel = input.path.slice('datasets:'.length);
    const info = DATASETS.find((d) => d.files.includes(rel));
    if (info) return info.licence;
  }
  if (input.path.startsWith('bias-audit:')) return 'shipped with bias-audit (Apache-2.0; each built-in lexicon names its sources)';
  return 'supplied by the auditor (licence not recorded by the tool)';
}
