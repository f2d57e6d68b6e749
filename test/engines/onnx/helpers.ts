/** Test helpers for the ONNX engine: fixture models laid out as the hub repos are, and a private cache. */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HF_FIXTURES } from '../../../src/config/paths.js';

export { TINY, WIDE, TINY_BERT, readLogits, type Batch } from '../../model/helpers.js';
export const TINY_ONNX = join(HF_FIXTURES, 'tiny-onnx', 'model.onnx');

export function tempDir(prefix = 'audit-onnx-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A copy of a fixture model (fixtures are read-only); with `onnx`, that file goes to onnx/model.onnx as on the hub. */
export function copyModel(src: string, onnx?: string): string {
  const dir = tempDir('audit-onnx-model-');
  for (const f of readdirSync(src)) copyFileSync(join(src, f), join(dir, f));
  if (onnx) {
    mkdirSync(join(dir, 'onnx'));
    copyFileSync(onnx, join(dir, 'onnx', 'model.onnx'));
  }
  return dir;
}

export function maxAbsDiff(a: number[][], b: number[][]): number {
  let worst = 0;
  a.forEach((row, i) => row.forEach((v, j) => { worst = Math.max(worst, Math.abs(v - b[i][j])); }));
  return worst;
}
