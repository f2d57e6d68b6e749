import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isCheckFile } from '../../review/check-json.js';
import { verdictMarkdown } from '../../review/markdown.js';
import { inputError } from '../../errors.js';
import { readDataRecords, recordsPath, type AuditResult } from '../../result/index.js';
import { exportRun as render } from '../../review/export.js';
import { counterfactualPairs } from '../../review/export-data.js';
import { loadRun, resultPath } from '../../review/run-dir.js';
import { writeFileAtomic, writeLinesAtomic } from '../../util/atomic.js';
import { escapeForTerminal } from '../../util/terminal.js';
import type { ExportArgs } from '../commands/export.js';

export async function exportRun(args: ExportArgs): Promise<void> {
  if (args.format === 'md' && existsSync(join(args.runDir, 'plan.lock.json'))) return exportReview(args);
  const result = loadRun(args.runDir);
  if (args.format === 'pairs') return exportPairs(args, result);
  const text = args.format === 'md' ? verdictOpening(args.runDir) + render(result, args.format) : render(result, args.format);
  if (args.out) {
    writeFileAtomic(args.out, text);
    process.stdout.write(`${args.out}\n`);
  } else {
    // On a terminal, control characters in group names would be obeyed, not shown.
    process.stdout.write(process.stdout.isTTY ? escapeForTerminal(text) : text);
  }
}

/** The verdict and findings of the run's check.json (written by `audit run` / `audit check`), when it has one. */
function verdictOpening(runDir: string): string {
  const file = join(dirname(resultPath(runDir)), 'check.json');
  if (!existsSync(file)) return '';
  let check: unknown;
  try {
    check = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return '';
  }
  return isCheckFile(check) ? verdictMarkdown(check) : '';
}

/** An audit directory (audit run --plan): its review and decision as Markdown. */
async function exportReview(args: ExportArgs): Promise<void> {
  const { readDecisions, readReview, reviewMarkdown } = await import('../../evidence/index.js');
  const text = reviewMarkdown(readReview(args.runDir), readDecisions(args.runDir));
  if (args.out) {
    writeFileAtomic(args.out, text);
    process.stdout.write(`${args.out}\n`);
  } else {
    process.stdout.write(process.stdout.isTTY ? escapeForTerminal(text) : text);
  }
}

/** `--format pairs`: streamed from records.jsonl to --out (temp file, renamed when complete) or to stdout. */
async function exportPairs(args: ExportArgs, result: AuditResult): Promise<void> {
  if (result.kind !== 'data') {
    throw inputError('E_EXPORT_FORMAT', `${args.runDir}: --format pairs exports the counterfactuals of a data run (audit run --data); this is a ${result.kind} run`);
  }
  const file = resultPath(args.runDir);
  const lines = counterfactualPairs(readDataRecords(file, result), recordsPath(file, result));
  if (args.out) {
    await writeLinesAtomic(args.out, lines);
    process.stdout.write(`${args.out}\n`);
    return;
  }
  for await (const line of lines) {
    const text = process.stdout.isTTY ? escapeForTerminal(line) : line;
    if (!process.stdout.write(text)) await once(process.stdout, 'drain');
  }
}
