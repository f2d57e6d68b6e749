import { cacheDir, datasetsDir } from '../../config/paths.js';
import { listDatasets, pullDatasets } from '../../datasets/index.js';
import type { DatasetsListArgs, DatasetsPullArgs } from '../commands/datasets.js';
import { info } from '../progress.js';

export async function list(args: DatasetsListArgs): Promise<void> {
  const dir = datasetsDir(args.datasets, args.cache);
  const lines = [`datasets directory: ${dir}`];
  for (const d of await listDatasets(dir)) {
    const state = d.found ? (d.problem ? `PROBLEM: ${d.problem}` : `${d.count} ${d.unit}`) : `missing (${d.missing.join(', ')})`;
    lines.push(`${d.name.padEnd(13)} ${state.padEnd(28)} ${d.licence}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

export async function pull(args: DatasetsPullArgs): Promise<void> {
  // Without an explicit directory, pull into the cache (../shared is read-only and not ours to write).
  const dir = args.datasets ?? process.env.AUDIT_DATASETS ?? `${cacheDir(args.cache)}/datasets`;
  const r = await pullDatasets(dir, {
    force: args.force, baseUrl: args.baseUrl,
    onProgress: (e) => {
      if (e.status === 'file') info(args.quiet, `[${e.index}/${e.files}] ${e.dataset}: ${e.url}`);
      else if (e.status === 'retry') info(args.quiet, `  retry ${e.attempt}: ${e.reason}`);
    },
  });
  info(args.quiet, `${r.downloaded.length} downloaded, ${r.present.length} already present`);
  process.stdout.write(`${dir}\n`);
}
