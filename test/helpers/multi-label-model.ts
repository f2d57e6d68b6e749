/**
 * A multi-label copy of the tiny-bert fixture (random weights), built in a temp dir: the same files with config.json's
 * problem_type set to "multi_label_classification" and, optionally, other label names. No real toxicity model can be
 * downloaded where these tests run, so this stands in for one: its scores mean nothing, they pin the computation.
 */
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HF_FIXTURES } from '../../src/config/paths.js';

export const TINY_BERT = join(HF_FIXTURES, 'tiny-bert');

export function multiLabelTinyBert(labels?: [string, string], changes: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'audit-multi-label-'));
  for (const f of readdirSync(TINY_BERT)) copyFileSync(join(TINY_BERT, f), join(dir, f));
  const config = JSON.parse(readFileSync(join(TINY_BERT, 'config.json'), 'utf8')) as Record<string, unknown>;
  config.problem_type = 'multi_label_classification';
  if (labels) {
    config.id2label = { 0: labels[0], 1: labels[1] };
    config.label2id = { [labels[0]]: 0, [labels[1]]: 1 };
  }
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...config, ...changes }, null, 2));
  return dir;
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
