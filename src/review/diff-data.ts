/**
 * diff of two data runs (`audit run --data`): the change of every policy metric of `data.summary`, its interval
 * combining the two runs' intervals as independent (the records are in records.jsonl, not paired here). Both
 * runs must audit the same file name with the same target.
 */
import { inputError } from '../errors.js';
import type { AuditResult } from '../result-types.js';
import type { DiffOptions, MetricChange, RunDiff } from './diff.js';
import { metricsOf } from './metrics.js';
import { independentChange } from './paired.js';

export function diffDataRuns(runA: AuditResult, runB: AuditResult, options: DiffOptions = {}): RunDiff {
  const [la, lb] = options.labels ?? ['run A', 'run B'];
  if (!runA.data || !runB.data) throw inputError('E_DIFF_KIND', `${!runA.data ? la : lb} is not a data run: diff compares two runs of the same kind`);
  if (runA.data.file_name !== runB.data.file_name) throw inputError('E_DIFF_PROBE', `${la} audits ${runA.data.file_name} and ${lb} ${runB.data.file_name}: diff compares two runs on the same data`);
  if (runA.target !== runB.target) throw inputError('E_DIFF_TARGET', `${la} scores P(${runA.target}) and ${lb} scores P(${runB.target}): diff needs the same target label`);
  const ma = metricsOf(runA);
  const mb = metricsOf(runB);
  const metrics: Record<string, MetricChange> = {};
  for (const name of Object.keys(mb)) if (name in ma) metrics[name] = { a: ma[name], b: mb[name], change: independentChange(ma[name], mb[name]), method: 'independent' };
  const ref = (r: AuditResult, label: string) => ({
    model: r.model.name, fingerprint: r.model.fingerprint, created_at: r.created_at, demo: r.model.demo, label,
  });
  return {
    probe: { id: `data:${runB.data.file_name}`, title: `data ${runB.data.file_name}`, attribute: 'subgroup' },
    target: runB.target,
    a: ref(runA, la),
    b: ref(runB, lb),
    pairing: { matched: 0, only_a: 0, only_b: 0, templates: 0, complete: false },
    seed: options.seed ?? runB.seed,
    resamples: options.resamples ?? runB.data.resamples,
    metrics,
    groups: [],
    conclusions: { changed: 0, significance_changed: 0, direction_changed: 0, reversed: 0, rank_moved: 0 },
    notes: ['Data runs: metric changes combine the two runs\u2019 intervals as independent; per-text paired changes are not computed.'],
  };
}
