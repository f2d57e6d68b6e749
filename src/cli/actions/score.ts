import { readFileSync } from 'node:fs';
import { inputError, usageError } from '../../errors.js';
import type { ScoreArgs } from '../commands/score.js';
import { loadModelFromArgs } from './load-model.js';

function readInput(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw inputError('E_INPUT_FILE', `${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * Plain output is what Hugging Face's pipeline prints: the label and its probability, then the text. `--json` adds
 * `score` = P(target) (the number every bias figure uses), all probabilities and logits.
 */
export async function score(args: ScoreArgs): Promise<void> {
  const texts = [...args.texts.map(String), ...(args.input ? readInput(args.input) : [])];
  if (texts.length === 0) throw usageError('E_USAGE', 'no texts: give them as arguments or with --input FILE');
  const { classifier } = await loadModelFromArgs(args, { workers: args.workers || 1 });
  try {
    const predictions = await classifier.predict(texts);
    for (const warning of classifier.takeWarnings()) process.stderr.write(`warning: ${warning}\n`);
    const out = predictions.map((p, i) =>
      args.json
        ? JSON.stringify({ text: texts[i], label: p.label, score: p.score, probs: p.probs, logits: p.logits, input_ids: p.inputIds })
        : `${p.label}\t${p.probs[classifier.labels.indexOf(p.label)].toFixed(4)}\t${texts[i]}`,
    );
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await classifier.dispose();
  }
}
