import { writeDiff } from '../../review/diff-io.js';
import { loadPolicy } from '../../review/policy.js';
import type { DiffArgs } from '../commands/diff.js';
import { changeText } from '../../review/diff-data-html.js';
import { percent } from '../../util/format.js';
import { info } from '../progress.js';

/** --tolerance, else the --policy file's `tolerance:`, else undefined (diffRuns' default). */
export function diffTolerance(args: Pick<DiffArgs, 'tolerance' | 'policy'>): number | undefined {
  if (args.tolerance !== undefined) return args.tolerance;
  return args.policy === undefined ? undefined : loadPolicy(args.policy).tolerance;
}

export async function diff(args: DiffArgs): Promise<void> {
  const tolerance = diffTolerance(args);
  const { diff: d, html, json } = await writeDiff(args.runA, args.runB, {
    out: args.out, seed: args.seed, resamples: args.resamples, tolerance,
  });
  const c = d.conclusions;
  if (d.data) {
    const s = d.data.scores;
    info(args.quiet, `${d.data.texts.paired} texts paired; per-text score change ${changeText(s.mean_change)}; `
      + `B decides differently on ${percent(s.decisions_changed.value ?? NaN)} of them`);
  } else {
    info(args.quiet, `${d.pairing.matched} sentences paired; of ${d.groups.length} groups ${c.changed} changed by more ` +
      `than ${d.tolerance}, `
      + `${c.unchanged} unchanged (within ±${d.tolerance}), ${c.cannot_tell} cannot tell; significance changed for `
      + `${c.significance_changed}, direction for ${c.direction_changed}, rank moved for ${c.rank_moved}`);
  }
  for (const note of d.notes) info(args.quiet, `note: ${note}`);
  process.stdout.write(`${html}\n${json}\n`);
}
