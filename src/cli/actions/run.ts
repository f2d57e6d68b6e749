import { join } from 'node:path';
import { cacheDir } from '../../config/paths.js';
import { loadProbeSpec } from '../../probe/index.js';
import { writeReport } from '../../report/index.js';
import { ScoreCache } from '../../runner/cache.js';
import { defaultRunDir, writeRunDir } from '../../runner/output.js';
import { runProbe } from '../../runner/run.js';
import type { RunArgs } from '../commands/run.js';
import { info, progressRenderer } from '../progress.js';
import { loadModelFromArgs } from './load-model.js';

export async function run(args: RunArgs): Promise<void> {
  // 1. Validate the probe before loading a model: a bad probe file fails fast.
  const probe = await loadProbeSpec(args.probe!);
  // 2. Load the model.
  const { classifier, resolved } = await loadModelFromArgs(args);
  const cache = args.useCache ? ScoreCache.open(cacheDir(args.cache)) : null;
  try {
    // 3. Expand, score (cached), analyse.
    const result = await runProbe(probe, classifier, {
      limit: args.limit, seed: args.seed, cache, resamples: args.resamples,
      onProgress: progressRenderer(`scoring ${probe.spec.id}`, args.quiet),
      model: { demo: resolved.demo, name: resolved.name, engine: resolved.source === 'http' ? 'http' : 'tfjs' },
    });
    for (const warning of classifier.takeWarnings()) info(args.quiet, `warning: ${warning}`);
    // 4. Write the run directory, then the report from result.json.
    const dir = args.out ?? defaultRunDir(probe.spec.id);
    writeRunDir(dir, result);
    const report = await writeReport(dir);
    const c = result.counts;
    info(args.quiet, `${c.sentences} sentences (${c.unique_texts} distinct; ${c.scored} scored, ${c.cached} from cache) in ${result.timings.score_s.toFixed(1)} s`);
    process.stdout.write(`${join(dir, 'result.json')}\n${report}\n`);
  } finally {
    cache?.close();
    await classifier.dispose();
  }
}
