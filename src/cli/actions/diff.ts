import { writeDiff } from '../../review/diff-io.js';
import type { DiffArgs } from '../commands/diff.js';
import { info } from '../progress.js';

export async function diff(args: DiffArgs): Promise<void> {
  const { diff: d, html, json } = writeDiff(args.runA, args.runB, { out: args.out, seed: args.seed, resamples: args.resamples });
  const c = d.conclusions;
  info(args.quiet, `${d.pairing.matched} sentences paired; ${c.changed} of ${d.groups.length} groups changed, significance changed for ${c.significance_changed}, direction for ${c.direction_changed}, rank moved for ${c.rank_moved}`);
  for (const note of d.notes) info(args.quiet, `note: ${note}`);
  process.stdout.write(`${html}\n${json}\n`);
}
