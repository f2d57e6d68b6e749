/** `audit diff` at the edges: read two run directories (and a data run's records), write diff.html and diff.json. */
import { mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { loadDataRecords } from '../result/index.js';
import { writeFileAtomic } from '../util/atomic.js';
import { diffRuns, type DiffOptions, type RunDiff } from './diff.js';
import { renderDiffHtml } from './diff-html.js';
import { loadRun, resultPath } from './run-dir.js';

/** reports/diff-<a>-<b>, from the run directories' names. */
export function defaultDiffDir(runA: string, runB: string): string {
  return join('reports', `diff-${basename(resolve(runA))}-${basename(resolve(runB))}`);
}

export async function writeDiff(
  runA: string,
  runB: string,
  options: DiffOptions & { out?: string } = {},
): Promise<{ diff: RunDiff; html: string; json: string }> {
  const a = loadRun(runA);
  const b = loadRun(runB);
  // Two data runs are paired text by text from their records.jsonl.
  const records = a.kind === 'data' && b.kind === 'data'
    ? { a: await loadDataRecords(resultPath(runA), a), b: await loadDataRecords(resultPath(runB), b) }
    : undefined;
  const diff = diffRuns(a, b, { ...options, records, labels: options.labels ?? [basename(resolve(runA)), basename(resolve(runB))] });
  const dir = options.out ?? defaultDiffDir(runA, runB);
  mkdirSync(dir, { recursive: true });
  const html = join(dir, 'diff.html');
  const json = join(dir, 'diff.json');
  writeFileAtomic(json, `${JSON.stringify(diff, null, 2)}\n`);
  writeFileAtomic(html, renderDiffHtml(diff, a, b));
  return { diff, html, json };
}
