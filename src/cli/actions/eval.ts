import { datasetsDir } from '../../config/paths.js';
import { evalSst2Dev } from '../../eval/index.js';
import type { EvalArgs } from '../commands/eval.js';
import { cacheArg, loadModelFromArgs } from './load-model.js';

export async function evaluate(args: EvalArgs): Promise<void> {
  const { classifier, resolved } = await loadModelFromArgs(args);
  try {
    const r = await evalSst2Dev(classifier, datasetsDir(args.datasets, cacheArg(args.cache)));
    if (args.json) {
      process.stdout.write(`${JSON.stringify({ model: resolved.name, n: r.n, accuracy: r.accuracy, f1: r.f1, auc: r.auc,
        confusion: r.confusion })}\n`);
      return;
    }
    const [[tn, fp], [fn, tp]] = r.confusion;
    process.stdout.write([
      `model: ${resolved.name}${resolved.demo ? ' (embedded demo stand-in)' : ''}`,
      `SST-2 dev: ${r.n} sentences`,
      `accuracy ${r.accuracy.toFixed(4)}  F1 ${r.f1.toFixed(4)}  AUC ${r.auc.toFixed(4)}`,
      `confusion (rows true neg/pos, columns predicted neg/pos): [[${tn}, ${fp}], [${fn}, ${tp}]]`,
      `throughput: ${r.sentences_per_s.toFixed(1)} sentences/s (${classifier.backend})`,
    ].join('\n') + '\n');
  } finally {
    await classifier.dispose();
  }
}
