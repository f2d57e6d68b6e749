/**
 * The review's per-attribute summary: `audit summary`'s own function (review/summary.ts `summarize`) over the runs of
 * the plan's model, each read through the one result.json reader. Runs of another model are left out (they already
 * keep the review from being filed) and named in the note, so a summary stays one model's, as `audit summary` requires.
 */
import { join } from 'node:path';
import { loadRun, summarize } from '../review/index.js';
import type { Review, ReviewRun } from './review-schema.js';

export function summaryOf(dir: string, runs: ReviewRun[]): Review['summary'] {
  const mine = runs.filter((r) => r.model.matches_plan);
  const others = runs.filter((r) => !r.model.matches_plan).map((r) => r.id);
  const left = others.length > 0 ? ` Left out, made with another model: ${others.join(', ')}.` : '';
  if (mine.length === 0) {
    return { available: false, runs: [], attributes: [], note: `No run of the plan's model has been made yet, so there is nothing to ` +
      `summarise.${left}` };
  }
  const summary = summarize(mine.map((r) => ({ name: r.id, result: loadRun(join(dir, r.dir)) })));
  const measured = summary.attributes.length;
  const note = measured === 0
    ? `None of the ${mine.length} runs measures an attribute of the summary table (src/review/summary-map.ts).${left}`
    : `${measured} attribute${measured === 1 ? '' : 's'} measured by ${mine.length} run${mine.length === 1 ? '' : 's'}; `
      + `within an attribute every source has the same orientation, and sources agree when one value lies in every interval.${left}`;
  return { available: true, runs: summary.runs, attributes: summary.attributes, note };
}
