import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadRun } from '../../review/run-dir.js';
import { summarize } from '../../review/summary.js';
import { summaryHtml, summaryMarkdown } from '../../review/summary-render.js';
import { defaultRunDir } from '../../config/resolve.js';
import { writeFileAtomic } from '../../util/atomic.js';
import type { SummaryArgs } from '../commands/summary.js';
import { info } from '../progress.js';

/** `audit summary RUN_DIR...`: reads the runs, writes summary.json, summary.md and summary.html into --out. */
export async function summary(args: SummaryArgs): Promise<void> {
  const dirs = (args.runDirs ?? []).map(String);
  const result = summarize(dirs.map((name) => ({ name, result: loadRun(name) })));
  const out = args.out ?? defaultRunDir('summary');
  mkdirSync(out, { recursive: true });
  const files = [join(out, 'summary.json'), join(out, 'summary.md'), join(out, 'summary.html')];
  writeFileAtomic(files[0], `${JSON.stringify(result, null, 2)}\n`);
  writeFileAtomic(files[1], summaryMarkdown(result));
  writeFileAtomic(files[2], summaryHtml(result, new Date()));
  for (const a of result.attributes) info(args.quiet, `${a.attribute}: ${a.sentence}`);
  process.stdout.write(`${files.join('\n')}\n`);
}
